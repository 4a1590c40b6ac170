"""Production's hashed static files build: every file a stylesheet or script refers to exists.

`collectstatic` with a manifest storage fails the whole deploy when one vendored file points at
a file we do not ship (a source map, a font); this runs it as production does, into a temporary
directory, so such a file is caught here rather than on the first deploy.
"""

from __future__ import annotations

import json

from django.core.management import call_command


def test_collectstatic_with_production_storage_succeeds(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        # Production's storage without the compression step (same manifest and reference checks).
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    # Our own vendored files are in it, hashed.
    assert manifest["fieldwork/leaflet/leaflet.js"] != "fieldwork/leaflet/leaflet.js"
    assert manifest["fieldwork/leaflet/leaflet.css"].startswith("fieldwork/leaflet/leaflet.")
