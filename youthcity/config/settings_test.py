"""Settings for the test suite: the production settings with DEBUG on (set before import so
the development defaults for SECRET_KEY and ALLOWED_HOSTS apply). DATABASE_URL picks the
database: SQLite by default, PostgreSQL in CI."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("TASKS_BACKEND", "immediate")

from .settings import *  # noqa: E402,F403
