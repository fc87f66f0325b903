"""Production static files: collectstatic builds a manifest even when a package leaves out a source map."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "youthcity.core.staticfiles.ManifestStaticFilesStorage"},
}


def _collect(tmp_path, files: dict[str, str]):
    src, root = tmp_path / "src", tmp_path / "root"
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text)
    with override_settings(STATICFILES_DIRS=[src], STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES,
                           INSTALLED_APPS=["django.contrib.staticfiles"]):
        call_command("collectstatic", interactive=False, verbosity=0)
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def test_a_missing_source_map_does_not_stop_the_manifest(tmp_path):
    paths = _collect(tmp_path, {
        "lib/a.min.js": "var a=1;\n//# sourceMappingURL=a.min.js.map",
        "lib/b.min.css": "body{color:red}\n/*# sourceMappingURL=b.min.css.map */",
    })
    assert set(paths) == {"lib/a.min.js", "lib/b.min.css"}
    hashed = (tmp_path / "root" / paths["lib/a.min.js"]).read_text()
    assert "sourceMappingURL=a.min.js.map" in hashed  # kept as written


def test_a_shipped_source_map_is_hashed(tmp_path):
    paths = _collect(tmp_path, {"a.js": "var a=1;\n//# sourceMappingURL=a.js.map", "a.js.map": "{}"})
    assert paths["a.js.map"] in (tmp_path / "root" / paths["a.js"]).read_text()


def test_any_other_missing_reference_still_fails(tmp_path):
    with pytest.raises(ValueError, match="missing.woff2"):
        _collect(tmp_path, {"icons.css": "@font-face{src:url(fonts/missing.woff2)}"})


def test_the_real_assets_collect_with_the_production_storage(tmp_path):
    root = tmp_path / "static"
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((root / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/chartjs/chart.umd.min.js", "vendor/bootstrap/bootstrap.min.css", "youthcity/charts.js"):
        assert name in paths
