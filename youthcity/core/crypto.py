"""Sensitive personal information encrypted at rest (PIPL art. 28/51). See docs/privacy.md.

- :class:`EncryptedTextField` stores a value as a Fernet token (AES-128-CBC + HMAC-SHA256, with a
  timestamp) made with the *current* key of ``FIELD_ENCRYPTION_KEYS`` and decrypts it with any of
  them (:class:`cryptography.fernet.MultiFernet`): a new key is put first, ``youthcity rotate_keys``
  re-encrypts every value with it, then the old key is removed. In Python the attribute holds the
  plain value; the database column never does. An empty value stays empty ("nothing on file").
- Equality lookups cannot work on randomised ciphertext: a *blind index* (HMAC-SHA256 of the
  normalised value, keyed with ``FIELD_BLIND_INDEX_KEY``) in a separate column answers "is this
  number already on file". The field refuses any lookup but ``isnull`` and ``exact ''``.
- Keys come from settings (environment). With ``DEBUG`` on and no keys, settings.py derives
  development keys from ``SECRET_KEY``; in production a missing key is an :class:`ImproperlyConfigured`
  error (raised on first use, and by the system check ``youthcity.E010`` at ``migrate``/``check``).
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, IsNull

TOKEN_PREFIX = "gAAAAA"  # every Fernet token (version byte 0x80 + a 64-bit timestamp) starts so


def encryption_keys() -> tuple[str, ...]:
    keys = tuple(
        k.strip() for k in (getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or ()) if k and k.strip()
    )
    if keys:
        return keys
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS is not set: sensitive personal information (ID numbers) is encrypted at "
        'rest and production needs its own key. Generate one with: python3 -c "from cryptography.fernet '
        'import Fernet; print(Fernet.generate_key().decode())" and set FIELD_ENCRYPTION_KEYS=<key> '
        "(comma-separated, the first is current). See docs/privacy.md."
    )


def blind_index_key() -> bytes:
    key = (getattr(settings, "FIELD_BLIND_INDEX_KEY", "") or "").strip()
    if key:
        return key.encode()
    raise ImproperlyConfigured(
        "FIELD_BLIND_INDEX_KEY is not set: the keyed index that finds an ID number already on file needs "
        'its own secret in production (python3 -c "import secrets; print(secrets.token_urlsafe(32))"). '
        "See docs/privacy.md."
    )


@functools.lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key number {position} is not a Fernet key (32 url-safe base64 bytes)."
            ) from exc
    return MultiFernet(fernets)


def multi_fernet() -> MultiFernet:
    return _multi_fernet(encryption_keys())


def current_fernet() -> Fernet:
    return Fernet(encryption_keys()[0].encode())


def encrypt(value: str) -> str:
    return multi_fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return multi_fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS: a key that is "
            "still in use was removed, or the keys are wrong. Put the old key back (after the current one) "
            "and run `youthcity rotate_keys`. See docs/privacy.md."
        ) from exc


def is_token(value: str) -> bool:
    return bool(value) and value.startswith(TOKEN_PREFIX)


def blind_index(value: str | None, *, normalise=lambda v: v.strip().upper()) -> str:
    """HMAC-SHA256 (hex) of the normalised value, or '' for an empty value."""
    value = normalise(value or "")
    if not value:
        return ""
    return hmac.new(blind_index_key(), value.encode(), hashlib.sha256).hexdigest()


class EncryptedExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted at rest: it cannot be compared in the database; "
                "use its blind index column instead."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """A text value encrypted at rest with MultiFernet (see the module docstring).

    ``max_length`` limits the plain value (validation and forms); the column is unbounded text.
    """

    description = "Text encrypted at rest (MultiFernet)"

    def get_lookup(self, lookup_name):
        return {"exact": EncryptedExact, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name):
        return None

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.CharField, "max_length": self.max_length}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)

    def check(self, **kwargs):
        return [*super().check(**kwargs), *_key_errors(self)]


def _key_errors(obj=None) -> list[checks.CheckMessage]:
    errors = []
    for getter in (multi_fernet, blind_index_key):
        try:
            getter()
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), obj=obj, id="youthcity.E010"))
    return errors
