"""ID card numbers encrypted at rest (docs/privacy.md, "Encryption at rest").

The column becomes Fernet ciphertext (MultiFernet, keys from FIELD_ENCRYPTION_KEYS) and a keyed
blind index (HMAC-SHA256, FIELD_BLIND_INDEX_KEY) is added. Existing plaintext values are encrypted
here. Reversible: going back decrypts every value (the keys must still be set) before the column
returns to varchar(18).
"""

from django.db import migrations, models
from django.db.models import TextField, Value
from django.db.models.functions import Cast

import youthcity.accounts.models
import youthcity.core.crypto


def _raw_rows(User):
    return (User.objects.exclude(id_number="").annotate(raw=Cast("id_number", TextField()))
            .values_list("pk", "raw").iterator(chunk_size=500))


def encrypt_existing(apps, schema_editor):
    from youthcity.accounts.models import id_number_blind_index
    from youthcity.core import crypto

    User = apps.get_model("accounts", "User")
    for pk, raw in _raw_rows(User):
        if crypto.is_token(raw):
            continue  # already encrypted (the migration is safe to re-run)
        number = raw.strip().upper()
        User.objects.filter(pk=pk).update(id_number=Value(crypto.encrypt(number), output_field=TextField()),
                                          id_number_index=id_number_blind_index(number))


def decrypt_existing(apps, schema_editor):
    from youthcity.core import crypto

    User = apps.get_model("accounts", "User")
    for pk, raw in _raw_rows(User):
        if crypto.is_token(raw):
            User.objects.filter(pk=pk).update(id_number=Value(crypto.decrypt(raw), output_field=TextField()),
                                              id_number_index="")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_membership_employer_role'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='id_number_index',
            field=models.CharField(blank=True, db_index=True, editable=False, help_text='Keyed HMAC-SHA256 of the ID card number: finds a number already on file without decrypting.', max_length=64, verbose_name='ID card number index'),
        ),
        migrations.AlterField(
            model_name='user',
            name='id_number',
            field=youthcity.core.crypto.EncryptedTextField(blank=True, help_text='Only collected when a service needs identity verification.', max_length=18, validators=[youthcity.accounts.models.id_number_validator], verbose_name='ID card number'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
    ]
