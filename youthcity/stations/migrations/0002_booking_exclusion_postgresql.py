"""PostgreSQL only: a second line behind the night ledger.

``EXCLUDE USING gist (bed_id WITH =, daterange(check_in, check_out, '[)') WITH &&)`` over active
bookings, so no two active stays of one bed overlap even if a future code path forgot the ledger.
It uses an expression instead of a DateRangeField column, so the model (and Django's migration
state) is identical on SQLite and PostgreSQL and ``makemigrations --check`` stays clean on both;
on SQLite this migration does nothing (the ledger's unique keys, written in IMMEDIATE transactions,
are the guarantee there). See docs/bookings.md.
"""

from django.db import migrations

CONSTRAINT = "booking_no_overlapping_stay_per_bed"
ACTIVE = "('offered', 'booked', 'checked_in')"


class PostgresOnly(migrations.RunSQL):
    """RunSQL that acts only when the connection is PostgreSQL."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("stations", "0001_initial")]

    operations = [
        # btree_gist gives GiST the "=" operator on bigint (like BtreeGistExtension(), but vendor-guarded).
        PostgresOnly("CREATE EXTENSION IF NOT EXISTS btree_gist", reverse_sql=migrations.RunSQL.noop),
        PostgresOnly(
            f"ALTER TABLE stations_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
            f"(bed_id WITH =, daterange(check_in, check_out, '[)') WITH &&) WHERE (status IN {ACTIVE})",
            reverse_sql=f"ALTER TABLE stations_booking DROP CONSTRAINT {CONSTRAINT}",
        ),
    ]
