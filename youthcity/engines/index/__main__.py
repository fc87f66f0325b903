"""``python -m youthcity.engines.index compute ...`` runs the index CLI."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
