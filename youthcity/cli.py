"""The ``youthcity`` console command.

``youthcity plan …``, ``youthcity benefits …`` and ``youthcity index …`` run the engines'
command-line tools (no database needed); every other sub-command is a Django management
command (``youthcity migrate``, ``youthcity demo``, ``youthcity check --deploy`` …).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

ENGINE_CLIS = {
    "plan": "youthcity.engines.plans.cli",
    "benefits": "youthcity.engines.rules.cli",
    "index": "youthcity.engines.index.cli",
    "housing": "youthcity.engines.lottery.cli",
    "match": "youthcity.engines.matching.cli",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_CLIS:
        # The engines know no city: point them at the configured city pack (settings read the
        # same CITY_PACK variable), unless the caller named one.
        pack = Path(__file__).resolve().parent / "cities" / os.environ.get("CITY_PACK", "luoyang")
        os.environ.setdefault("YOUTHCITY_CITY_PACK_DIR", str(pack))
        module = importlib.import_module(ENGINE_CLIS[args[0]])
        return int(module.main(args[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthcity.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["youthcity", *args])
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
