"""``python -m youthcity.engines.matching run|verify ...`` runs the matching CLI."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
