#!/bin/sh
# The restore drill (monthly, and after upgrades): restore the newest backup into a fresh database,
# check row counts and the booking night ledger, print the recovery point and time. See restore_drill.py.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec "${PYTHON:-$here/../.venv/bin/python}" "$here/restore_drill.py" "$@"
