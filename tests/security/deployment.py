"""The environment of a deployment, built from nothing: none of the test suite's own switches
(DJANGO_SECURE=0, eager Celery, test email backends, DJANGO_ALLOW_ASYNC_UNSAFE) leak into it.
The settings module then runs exactly as on a server: not DEBUG, not under pytest, secure
transport on, and SECRET_KEY, SITE_URL and EMAIL_URL required."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "VIRTUAL_ENV")


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """Variables of a production deployment; an override of None removes the variable."""
    env = {key: os.environ[key] for key in KEPT if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        SECRET_KEY="deployment-" + "k7Qz9vLx2" * 7,
        SITE_URL="https://openinnovation.example",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example:587",
        ALLOWED_HOSTS="openinnovation.example",
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
