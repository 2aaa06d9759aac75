"""`manage.py check --deploy` stays clean under a deployment's environment, and the check (and
the settings' own guards) would catch the mistakes a deployment can make."""

import pytest

from tests.security.deployment import production_env, run

DEPLOY_CHECK = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run(DEPLOY_CHECK, production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_is_clean_with_redis_and_object_storage(tmp_path):
    env = production_env(
        tmp_path,
        REDIS_URL="redis://cache.internal:6379/0",
        AWS_STORAGE_BUCKET_NAME="biohub-documents",
        AWS_S3_REGION_NAME="ap-northeast-2",
    )
    result = run(DEPLOY_CHECK, env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    ("overrides", "warnings"),
    [
        ({"DJANGO_DEBUG": "1"}, ["security.W018"]),
        (
            {"DJANGO_SECURE": "0"},
            ["security.W004", "security.W008", "security.W012", "security.W016"],
        ),
        ({"SECRET_KEY": "short"}, ["security.W009"]),
    ],
    ids=["debug", "insecure-transport", "weak-secret-key"],
)
def test_check_deploy_fails_on_an_unsafe_deployment(tmp_path, overrides, warnings):
    """The clean result above means something: the same check flags each of these."""
    result = run(DEPLOY_CHECK, production_env(tmp_path, **overrides))

    assert result.returncode == 1
    for warning in warnings:
        assert f"({warning})" in result.stderr, result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "SITE_URL", "EMAIL_URL"])
def test_a_deployment_without_its_secrets_refuses_to_start(tmp_path, missing):
    """With a database named, the local defaults (a published key, console email, localhost
    links) never apply: start-up stops and names the missing variable."""
    result = run(["manage.py", "check"], production_env(tmp_path, **{missing: None}))

    assert result.returncode == 1
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the {missing} environment variable" in result.stderr
