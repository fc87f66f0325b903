"""``youthcity rotate_keys``: re-encrypt every value encrypted at rest with the current key.

Key rotation (docs/privacy.md): put a new key first in ``FIELD_ENCRYPTION_KEYS`` (keep the old ones
after it), restart, run this command, then remove the old keys. Every :class:`EncryptedTextField`
of every model is covered; each value goes through ``MultiFernet.rotate``. Values already under the
current key are left alone, so the command is idempotent; a plaintext value left from before the
encryption migration is encrypted. The blind index of ID numbers is recomputed where it differs
(after a change of ``FIELD_BLIND_INDEX_KEY``). Counts are reported; the exit status is non-zero
when a value cannot be decrypted with any key.
"""

from __future__ import annotations

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from youthcity.core import crypto


class Command(BaseCommand):
    help = (
        "Re-encrypt every value encrypted at rest with the current key of FIELD_ENCRYPTION_KEYS (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count only, write nothing")

    def handle(self, *args, **opts):
        dry = opts["dry_run"]
        multi, current = crypto.multi_fernet(), crypto.current_fernet()
        totals = {"current": 0, "rotated": 0, "encrypted": 0, "failed": 0, "reindexed": 0}
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, crypto.EncryptedTextField):
                    continue
                counts = self._rotate(model, field, multi, current, dry)
                for key, n in counts.items():
                    totals[key] += n
                self.stdout.write(
                    f"{model._meta.label}.{field.name}: "
                    + ", ".join(f"{n} {key}" for key, n in counts.items())
                )
        if not totals["failed"]:  # reading every number needs every value decryptable
            totals["reindexed"] = self._reindex_id_numbers(dry)
        self.stdout.write(
            ("Dry run: " if dry else "")
            + f"{totals['rotated']} re-encrypted with the current key, {totals['encrypted']} plaintext encrypted, "
            f"{totals['current']} already current, {totals['failed']} not decryptable, "
            f"{totals['reindexed']} ID-number index entries recomputed."
        )
        if totals["failed"]:
            raise CommandError(
                f"{totals['failed']} value(s) cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS."
            )

    def _rotate(self, model, field, multi, current, dry) -> dict[str, int]:
        counts = {"current": 0, "rotated": 0, "encrypted": 0, "failed": 0}
        rows = (
            model._default_manager.exclude(**{field.name: ""})
            .exclude(**{f"{field.name}__isnull": True})
            .annotate(_raw=Cast(field.name, TextField()))
            .values_list("pk", "_raw")
        )
        for pk, raw in rows.iterator(chunk_size=500):
            if crypto.is_token(raw):
                try:
                    current.decrypt(raw.encode())
                    counts["current"] += 1
                    continue
                except InvalidToken:
                    pass
                try:
                    token = multi.rotate(raw.encode()).decode()
                except InvalidToken:
                    counts["failed"] += 1
                    continue
                counts["rotated"] += 1
            else:
                token = current.encrypt(raw.encode()).decode()
                counts["encrypted"] += 1
            if not dry:
                with transaction.atomic():
                    model._default_manager.filter(pk=pk).update(
                        **{field.name: Value(token, output_field=TextField())}
                    )
        return counts

    def _reindex_id_numbers(self, dry) -> int:
        from youthcity.accounts.models import User, id_number_blind_index

        changed = 0
        for user in (
            User.objects.exclude(id_number="")
            .only("pk", "id_number", "id_number_index")
            .iterator(chunk_size=500)
        ):
            index = id_number_blind_index(user.id_number)
            if index != user.id_number_index:
                changed += 1
                if not dry:
                    User.objects.filter(pk=user.pk).update(id_number_index=index)
        return changed
