"""The production static path: `collectstatic` with the manifest storage production uses, the
public pages rendered with DEBUG off against that manifest, `/health/` when the manifest is
missing, and the vendored assets complete (source maps they name, licences).

The rest of the suite runs with plain StaticFilesStorage (tests/conftest.py), which never
looks at a manifest: without these tests a missing file only shows in production, where every
page then answers 500.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.test_access_matrix import MATRIX, ROLES, world  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIRS = [ROOT / "static/vendor", ROOT / "tests/e2e/vendor"]
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"

# Every GET the access matrix expects to answer 200 to an anonymous visitor.
PUBLIC_PAGES = sorted(
    {
        path
        for rows in MATRIX.values()
        for method, path, statuses in rows
        if method == "GET" and statuses[ROLES.index("anonymous")] == 200
    }
)
# What the ManifestStaticFilesStorage rewrites (and so needs to exist): the last line comment
# of a JavaScript or CSS file.
SOURCE_MAP_PATTERNS = {
    ".js": re.compile(r"(?m)^//# (?-i:sourceMappingURL)=(.*)$"),
    ".css": re.compile(r"(?m)^/\*#[ \t](?-i:sourceMappingURL)=(.*?)[ \t]*\*/$"),
}


def production_storage(static_root: Path) -> override_settings:
    return override_settings(
        DEBUG=False,
        STATIC_ROOT=static_root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": MANIFEST_STORAGE},
        },
    )


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """`collectstatic --no-input` as the README's Production steps run it."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    with production_storage(static_root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return static_root


def test_collectstatic_writes_the_manifest(collected):
    assert (collected / "staticfiles.json").is_file()
    assert list(collected.glob("css/site.*.css.gz")) != []


@pytest.mark.django_db
def test_every_public_page_renders_with_the_manifest_and_debug_off(client, world, collected):  # noqa: F811
    _, ids = world
    statuses = {}
    with production_storage(collected):
        for path in PUBLIC_PAGES:
            url = path.format(**ids)
            statuses[url] = client.get(url).status_code
        home = client.get("/").content.decode()
        not_found = client.get("/no-such-page/").status_code
    assert {url: status for url, status in statuses.items() if status != 200} == {}
    assert len(statuses) >= 15
    # base.html links the hashed names, which whitenoise serves with a far-future expiry
    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', home)
    assert not_found == 404  # the error page renders too


@pytest.mark.django_db
def test_health_is_ok_with_the_manifest(client, collected):
    with production_storage(collected):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["static"] == "ok"


@pytest.mark.django_db
def test_health_is_503_when_collectstatic_has_not_run(client, tmp_path):
    with production_storage(tmp_path):  # an empty STATIC_ROOT: no manifest
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["static"] == "error"


@pytest.mark.django_db
def test_health_is_ok_without_a_manifest_storage(client):
    """The embedded settings (and DEBUG) use plain storage: nothing to collect first."""
    response = client.get("/health/")
    assert response.json()["static"] == "ok"


def _vendored(*suffixes: str) -> list[Path]:
    return sorted(
        path for folder in VENDOR_DIRS for path in folder.rglob("*") if path.suffix in suffixes
    )


def test_vendored_files_name_only_source_maps_that_exist():
    files = _vendored(".js", ".css")
    assert len(files) >= 6
    dangling = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for reference in SOURCE_MAP_PATTERNS[path.suffix].findall(text):
            target = reference.strip()
            if target.startswith("data:"):
                continue
            if not (path.parent / target).is_file():
                dangling.append(f"{path.relative_to(ROOT)} -> {target}")
    assert dangling == []


def test_every_vendored_package_keeps_its_licence():
    packages = sorted(p for folder in VENDOR_DIRS for p in folder.iterdir() if p.is_dir())
    assert len(packages) >= 4
    without = [str(p.relative_to(ROOT)) for p in packages if not (p / "LICENSE").is_file()]
    assert without == []
