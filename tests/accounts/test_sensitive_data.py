"""PIPL: ID numbers encrypted at rest (MultiFernet, key rotation, blind index), masking in the audit
trail and logs, and the pluggable real-name verification backend."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import logging

import pytest
from auditlog.models import LogEntry
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.checks import run_checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from youthcity.accounts import privacy, realname, services
from youthcity.accounts.models import User, id_number_blind_index
from youthcity.accounts.permissions import mask_for_audit
from youthcity.core import crypto
from youthcity.core.errors import ServiceError
from youthcity.core.sms import ConsoleSmsBackend

NUMBER = "410302199901011230"  # valid GB 11643 check digit (synthetic)
OTHER = "41030020020518101X"
K1, K2 = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw_column(user) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_index FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()


@pytest.fixture
def person(city):
    return User.objects.create_user(username="pipl-enc", password="Test-pass-2026", display_name="小隐")


@pytest.fixture(autouse=True)
def _locmem_realname():
    realname.LocmemRealNameBackend.requests.clear()
    realname.LocmemRealNameBackend.refuse.clear()
    realname.LocmemRealNameBackend.unavailable = False
    with override_settings(REALNAME_BACKEND="youthcity.accounts.realname.LocmemRealNameBackend"):
        yield


# --- Encryption at rest -------------------------------------------------------------------------------


def test_the_column_never_holds_the_plaintext(person):
    services.identity_number_record(user=person, id_number=NUMBER.lower()[:-1] + "0")
    stored, index = raw_column(person)
    assert stored.startswith(crypto.TOKEN_PREFIX) and NUMBER not in stored and NUMBER[-4:] not in stored
    assert User.objects.get(pk=person.pk).id_number == NUMBER  # decrypted on read
    from django.conf import settings

    expected = hmac.new(settings.FIELD_BLIND_INDEX_KEY.encode(), NUMBER.encode(), hashlib.sha256).hexdigest()
    assert index == expected == id_number_blind_index(" " + NUMBER.lower() + " ")
    # Randomised: the same number saved twice gives two different tokens.
    person.save()
    assert raw_column(person)[0] != stored and raw_column(person)[1] == index


def test_every_path_that_stores_a_number_encrypts_it(person, users):
    person.id_number = OTHER
    person.save(update_fields=["id_number"])  # the index follows even with update_fields
    stored, index = raw_column(person)
    assert crypto.is_token(stored) and index == id_number_blind_index(OTHER)
    assert User.objects.filter(id_number_index=id_number_blind_index(OTHER)).get() == person
    assert User.objects.filter(id_number="").exclude(pk=person.pk).exists()  # "nothing on file" still works
    with pytest.raises(FieldError, match="blind index"):
        list(User.objects.filter(id_number=OTHER))  # would silently match nothing on ciphertext
    with pytest.raises(FieldError):
        list(User.objects.filter(id_number__startswith="4103"))


def test_export_and_closure_still_work_on_the_encrypted_number(client, person):
    person.id_number = NUMBER
    person.save()
    client.force_login(person)
    data = client.get(reverse("accounts:export-json")).json()
    assert data["account"]["id_number"] == NUMBER
    assert "id_number_index" not in data["account"]
    privacy.account_close(user=person, password="Test-pass-2026")
    assert raw_column(person) == ("", "")
    assert User.objects.get(pk=person.pk).id_number == ""


def test_the_station_desk_reveals_the_decrypted_number(city, users, person):
    person.id_number = NUMBER
    person.save()
    assert User.objects.get(pk=person.pk).id_number == NUMBER
    from youthcity.accounts.permissions import mask_id_number

    assert mask_id_number(User.objects.get(pk=person.pk).id_number) == "4103**********1230"


def test_one_account_per_id_number_via_the_blind_index(person, users):
    services.identity_number_record(user=person, id_number=NUMBER)
    with pytest.raises(ServiceError) as exc:
        services.identity_number_record(user=users["youth"], id_number=NUMBER)
    assert (
        exc.value.status == 409 and exc.value.code == "id_number_taken" and "另一个账号" in exc.value.message
    )
    assert User.objects.get(pk=users["youth"].pk).id_number == ""


def test_key_rotation_re_encrypts_every_value_and_is_idempotent(person, users):
    with override_settings(FIELD_ENCRYPTION_KEYS=[K1]):
        person.id_number = NUMBER
        person.save()
        users["youth"].id_number = OTHER
        users["youth"].save()
    old = raw_column(person)[0]
    Fernet(K1.encode()).decrypt(old.encode())
    with override_settings(FIELD_ENCRYPTION_KEYS=[K2, K1]):
        out = io.StringIO()
        call_command("rotate_keys", stdout=out)
        assert "2 re-encrypted with the current key" in out.getvalue()
        assert "0 already current" in out.getvalue()
        again = io.StringIO()
        call_command("rotate_keys", stdout=again)
        assert "0 re-encrypted" in again.getvalue() and "2 already current" in again.getvalue()
    new = raw_column(person)[0]
    assert new != old and Fernet(K2.encode()).decrypt(new.encode()).decode() == NUMBER
    with override_settings(FIELD_ENCRYPTION_KEYS=[K2]):  # the old key can now be removed
        assert User.objects.get(pk=person.pk).id_number == NUMBER
        assert User.objects.get(pk=users["youth"].pk).id_number == OTHER
    with override_settings(FIELD_ENCRYPTION_KEYS=[K1]):  # …and without the new key nothing is readable
        with pytest.raises(ImproperlyConfigured, match="rotate_keys"):
            User.objects.get(pk=person.pk)
        with pytest.raises(CommandError, match="cannot be decrypted"):
            call_command("rotate_keys", stdout=io.StringIO())


def test_a_plaintext_value_is_encrypted_by_the_migration_and_back(person):
    with connection.cursor() as cursor:  # a row as it was before the encryption migration
        cursor.execute(
            "UPDATE accounts_user SET id_number = %s, id_number_index = '' WHERE id = %s", [NUMBER, person.pk]
        )
    from importlib import import_module

    migration = import_module("youthcity.accounts.migrations.0004_id_number_encrypted_at_rest")
    migration.encrypt_existing(apps, None)
    stored, index = raw_column(person)
    assert crypto.is_token(stored) and index == id_number_blind_index(NUMBER)
    migration.encrypt_existing(apps, None)  # safe to re-run
    assert raw_column(person)[0] == stored
    migration.decrypt_existing(apps, None)  # reversible
    assert raw_column(person) == (NUMBER, "")
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)  # the command also catches a leftover plaintext value
    assert (
        "1 plaintext encrypted" in out.getvalue() and "1 ID-number index entries recomputed" in out.getvalue()
    )
    assert crypto.is_token(raw_column(person)[0])


def test_production_without_keys_is_a_clear_configuration_error(person):
    with override_settings(FIELD_ENCRYPTION_KEYS=[]):
        with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS is not set"):
            crypto.encrypt(NUMBER)
        assert any(m.id == "youthcity.E010" for m in run_checks())
    with override_settings(FIELD_BLIND_INDEX_KEY=""):
        with pytest.raises(ImproperlyConfigured, match="FIELD_BLIND_INDEX_KEY"):
            id_number_blind_index(NUMBER)
    with override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]):
        with pytest.raises(ImproperlyConfigured, match="key number 1"):
            crypto.encrypt(NUMBER)
    assert not [m for m in run_checks() if m.id == "youthcity.E010"]
    # A person with no number on file needs no key at all (sign-in keeps working).
    with override_settings(FIELD_ENCRYPTION_KEYS=[], FIELD_BLIND_INDEX_KEY=""):
        assert User.objects.get(pk=person.pk).id_number == ""


# --- Masking: audit trail and logs ---------------------------------------------------------------------


def test_the_audit_trail_holds_only_the_documented_masks(users):
    from auditlog.context import set_actor

    youth = users["youth"]
    with set_actor(users["admin"]):
        youth.id_number = NUMBER
        youth.phone = "13712349999"
        youth.save()
    entry = LogEntry.objects.get_for_object(youth).order_by("-timestamp").first()
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    assert changes["id_number"][1] == "4103**********1230"
    assert changes["phone"][1] == "137****9999"
    assert "id_number_index" not in changes
    text = str(entry.changes) + str(entry.serialized_data or "")
    assert (
        NUMBER not in text and NUMBER[4:14] not in text and "gAAAAA" not in text and "13712349999" not in text
    )


def test_mask_for_audit():
    assert mask_for_audit(NUMBER) == "4103**********1230"
    assert mask_for_audit("13812345678") == "138****5678"
    assert mask_for_audit("") == "" and mask_for_audit("None") == "None"
    assert mask_for_audit("gAAAAABsomething-long-token") == "****"


def test_the_console_sms_backend_logs_a_masked_phone(capsys):
    ConsoleSmsBackend().send("13812345678", "验证码 123456（示例）")
    out = capsys.readouterr().out
    assert "138****5678" in out and "13812345678" not in out


# --- Real-name verification ----------------------------------------------------------------------------


def test_the_console_realname_backend_checks_the_digit_and_logs_masked(caplog):
    backend = realname.ConsoleRealNameBackend()
    with caplog.at_level(logging.INFO, logger="youthcity.accounts.realname"):
        assert backend.verify(id_number=NUMBER, name="张小明").ok
        assert not backend.verify(id_number=NUMBER[:-1] + "9", name="").ok
    assert "4103**********1230 张** -> accepted" in caplog.text
    assert NUMBER not in caplog.text and "张小明" not in caplog.text


def test_recording_a_number_asks_the_realname_backend(person):
    person.last_name, person.first_name = "张", "小明"
    person.save()
    services.identity_number_record(user=person, id_number=NUMBER)
    assert realname.LocmemRealNameBackend.requests == [("4103**********1230", "张**")]


def test_a_failed_realname_check_is_refused_in_chinese(person):
    realname.LocmemRealNameBackend.refuse.add(NUMBER)
    with pytest.raises(ServiceError) as exc:
        services.identity_number_record(user=person, id_number=NUMBER)
    assert exc.value.status == 422 and exc.value.code == "realname_failed"
    assert "实名核验未通过" in str(exc.value.message) and exc.value.fields["id_number"]
    assert User.objects.get(pk=person.pk).id_number == ""
    realname.LocmemRealNameBackend.refuse.clear()
    realname.LocmemRealNameBackend.unavailable = True
    with pytest.raises(ServiceError) as exc:
        services.identity_number_record(user=person, id_number=NUMBER)
    assert exc.value.status == 503 and "稍后" in str(exc.value.message)


def test_the_station_check_in_refuses_a_number_the_realname_check_rejects(users):
    from django.utils import timezone

    from tests.stations.conftest import make_station, make_youth
    from youthcity.stations import services as station_services

    station, guest, today = make_station(), make_youth(), timezone.localdate()
    booking = station_services.booking_create(
        person=guest, station=station, check_in=today, check_out=today + dt.timedelta(days=2)
    )[0]
    realname.LocmemRealNameBackend.refuse.add(OTHER)
    with pytest.raises(ServiceError) as exc:
        station_services.booking_check_in(
            booking=booking, staff=users["station_staff"], identity_confirmed=True, id_number=OTHER
        )
    assert exc.value.code == "realname_failed"
    assert User.objects.get(pk=guest.pk).id_number == ""
    realname.LocmemRealNameBackend.refuse.clear()
    station_services.booking_check_in(
        booking=booking, staff=users["station_staff"], identity_confirmed=True, id_number=OTHER
    )
    assert crypto.is_token(raw_column(guest)[0]) and User.objects.get(pk=guest.pk).id_number == OTHER


def test_the_check_in_page_shows_the_realname_refusal_on_the_field(client, users):
    from django.utils import timezone

    from tests.stations.conftest import make_station, make_youth
    from youthcity.stations import services as station_services

    station, guest, today = make_station(), make_youth(), timezone.localdate()
    booking = station_services.booking_create(
        person=guest, station=station, check_in=today, check_out=today + dt.timedelta(days=2)
    )[0]
    realname.LocmemRealNameBackend.refuse.add(OTHER)
    client.force_login(users["station_staff"])
    url = f"/work/stations/bookings/{booking.pk}/check-in/"
    r = client.post(url, {"identity_confirmed": "on", "id_number": OTHER})
    assert r.status_code == 200
    assert "实名核验未通过" in r.context["form"].errors["id_number"][0]
    assert "实名核验未通过" in r.content.decode()
    assert User.objects.get(pk=guest.pk).id_number == ""


def test_the_admin_shows_the_number_masked_only(client, users, person):
    person.id_number = NUMBER
    person.save()
    admin = User.objects.filter(is_superuser=True).first() or users["admin"]
    client.force_login(admin)
    r = client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert r.status_code == 200
    page = r.content.decode()
    assert "4103**********1230" in page and NUMBER not in page
