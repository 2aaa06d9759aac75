"""Project-level guarantees: deploy checks, migrations, layering, health."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 30 + "production-secret-key-for-the-check-only-0123456789",
    "ALLOWED_HOSTS": "openinnovation.seoulbiohub.kr",
    "DATABASE_URL": "postgres://biohub@db.internal:5432/biohub",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.internal:587",
    "SITE_URL": "https://openinnovation.seoulbiohub.kr",
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(PRODUCTION_ENV)
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_check_deploy_is_clean_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "SITE_URL", "EMAIL_URL"])
def test_production_refuses_to_start_without_its_settings(missing):
    """Outside `make run` and the tests there is no silent fallback to the local defaults."""
    result = run_manage("check", env=production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_check_deploy_fails_with_the_local_defaults():
    """The check is not vacuous: the embedded defaults (DEBUG, insecure key) are flagged."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    env["DJANGO_DEBUG"] = "1"
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "security.W018" in output  # DEBUG on
    assert "security.W009" in output  # the local, insecure SECRET_KEY


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# Which of our apps each app may import (DESIGN.md §2). `core` imports none of them.
# accounts may call the outbox (invitations, allauth's emails); notifications imports no
# domain app and not accounts.
ALLOWED_IMPORTS = {
    "core": set(),
    "notifications": {"core"},
    "legal": {"core"},
    "accounts": {"core", "notifications", "legal"},
    "challenges": {"core", "accounts", "notifications"},
    "events": {"core", "accounts", "notifications"},
    "partners": {"core", "accounts", "notifications"},
    "mentoring": {"core", "accounts", "notifications", "challenges", "partners"},
}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED_IMPORTS)


def test_apps_import_only_in_the_allowed_direction():
    violations = []
    for app, allowed in ALLOWED_IMPORTS.items():
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for imported in _imported_apps(path) - allowed - {app}:
                violations.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert violations == []


# `{% include "..." %}` and `{% extends "..." %}` with a literal template name.
TEMPLATE_TAG = re.compile(r"""\{%\s*(?:include|extends)\s+(["'])([^"']+)\1""")
PROJECT_TEMPLATES = ROOT / "templates"
# Known cross-app includes against the direction (none left: shared partials live in
# templates/includes/). An entry here must name an include that still exists.
TEMPLATE_DIRECTION_ALLOWED: set[tuple[str, str]] = set()


def _template_owner(name: str) -> str | None:
    """Who provides template `name` as Django finds it: "templates" (the project's shared
    folder, searched first), one of our apps, or None (Django's or a third party's)."""
    if (PROJECT_TEMPLATES / name).is_file():
        return "templates"
    for app in ALLOWED_IMPORTS:
        if (ROOT / app / "templates" / name).is_file():
            return app
    return None


def _template_uses(folder: Path):
    """(template file, name it includes or extends, owner of that name) under `folder`."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".txt"):
            for match in TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
                name = match.group(2)
                yield path, name, _template_owner(name)


def test_templates_include_and_extend_only_in_the_allowed_direction():
    """An app's templates use its own, the project's shared ones (templates/), and those of
    the apps it may import; nothing to the left (DESIGN.md §2)."""
    violations, allowed_seen = [], set()
    for app, allowed in ALLOWED_IMPORTS.items():
        for path, name, owner in _template_uses(ROOT / app / "templates"):
            if owner in (None, "templates", app) or owner in allowed:
                continue
            use = (str(path.relative_to(ROOT)), name)
            if use in TEMPLATE_DIRECTION_ALLOWED:
                allowed_seen.add(use)
            else:
                violations.append(f"{use[0]} uses {name} of {owner}")
    assert violations == []
    # An entry whose include is gone leaves the list with it.
    assert sorted(TEMPLATE_DIRECTION_ALLOWED - allowed_seen) == []


def test_shared_templates_use_no_app_templates():
    """The project's templates that apps include or extend (base.html, includes/...) depend
    on no app, or an app's page would depend on an app to its left through them."""
    shared = {
        name
        for app in ALLOWED_IMPORTS
        for _path, name, owner in _template_uses(ROOT / app / "templates")
        if owner == "templates"
    }
    violations = [
        f"{path.relative_to(ROOT)} uses {name} of {owner}"
        for path, name, owner in _template_uses(PROJECT_TEMPLATES)
        if str(path.relative_to(PROJECT_TEMPLATES)) in shared and owner not in (None, "templates")
    ]
    assert shared
    assert violations == []


@pytest.mark.django_db
def test_health_is_ok_when_everything_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["cache"] == "ok"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "backend", ["core.cache.ResilientRedisCache", "django.core.cache.backends.redis.RedisCache"]
)
def test_health_is_degraded_but_serving_when_the_cache_is_unreachable(client, backend):
    """The site keeps serving without Redis (core.cache), so a load balancer must keep it:
    200 "degraded", not 503."""
    unreachable = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=unreachable):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "error",
        "broker": "eager",
        "beat": {"status": "eager"},
        "backlog": {"status": "ok", "oldest_pending_age_seconds": None},
        "kakao": "off",
        "static": "ok",
    }
