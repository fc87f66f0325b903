"""Static files storage for production: WhiteNoise's compressed manifest storage, tolerant of
source maps that an npm package does not ship.

Django's manifest storage rewrites every ``sourceMappingURL`` comment to the hashed name of the
map and aborts ``collectstatic`` when the map is missing; with no manifest every page then answers
500. A source map only serves the browser's developer tools, so a missing one is kept as written
(and logged) instead. Any other missing reference (a font, an image) still fails loudly: that
would be a broken page.
"""

from __future__ import annotations

import logging
from urllib.parse import urldefrag

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._missing_maps: set[tuple[str, str]] = set()

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                url_path, _fragment = urldefrag(matchobj.group("url").strip())
                if not url_path.endswith(".map"):
                    raise
                if (name, url_path) not in self._missing_maps:  # post-processing passes over a file several times
                    self._missing_maps.add((name, url_path))
                    logger.warning("static file %s names a source map that is not shipped: %s", name, url_path)
                return matchobj.group("matched")

        return converter
