#!/bin/sh
# Nightly backup (systemd: youthcity-backup.timer). Environment: DATABASE_URL, MEDIA_ROOT, BACKUP_DIR,
# BACKUP_KEEP_DAYS. See deploy/backup.py and docs/deploy.md ("Backups and the restore drill").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec "${PYTHON:-$here/../.venv/bin/python}" "$here/backup.py" "$@"
