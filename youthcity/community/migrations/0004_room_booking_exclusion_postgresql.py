"""PostgreSQL only: no two active bookings of one room overlap in time.

``EXCLUDE USING gist (room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)`` over the
booked rows, behind the service's row lock (like stations' bed exclusion; the model state is the
same on SQLite, where the service's check inside a serialised write transaction is the guarantee)."""

from django.db import migrations

CONSTRAINT = "roombooking_no_overlap_per_room"


class PostgresOnly(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("community", "0003_rooms_and_bookings")]

    operations = [
        PostgresOnly("CREATE EXTENSION IF NOT EXISTS btree_gist", reverse_sql=migrations.RunSQL.noop),
        PostgresOnly(
            f"ALTER TABLE community_roombooking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
            f"(room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (status = 'booked')",
            reverse_sql=f"ALTER TABLE community_roombooking DROP CONSTRAINT {CONSTRAINT}",
        ),
    ]
