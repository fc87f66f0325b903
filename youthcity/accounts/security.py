"""Writes for account security: password change and reset, one-time codes (SMS or e-mail), phone
verification, lockout release.

One-time codes: six digits, stored only as a keyed hash (HMAC-SHA256 with the site's secret),
single use, valid ``ONE_TIME_CODE_MINUTES`` (10) minutes, at most ``ONE_TIME_CODE_ATTEMPTS`` tries
each. Sending is limited per destination (number or address) and per IP. A reset request answers
the same whether or not an account exists, so the form cannot tell who has an account.

A password change or reset revokes every API token of the person; other browser sessions end
because Django checks each session against the password hash (the current one is kept on change).
A successful reset also clears the person's django-axes lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets

from auditlog.context import set_actor
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from youthcity.core.errors import ServiceError
from youthcity.core.sms import get_sms_backend

from . import ratelimit
from .models import OneTimeCode, User, phone_validator
from .services import api_tokens_revoke_all

logger = logging.getLogger(__name__)

CODE_MINUTES = int(getattr(settings, "ONE_TIME_CODE_MINUTES", 10))
CODE_ATTEMPTS = int(getattr(settings, "ONE_TIME_CODE_ATTEMPTS", 5))
# Sends per destination and per IP in a window (seconds); checks per IP in the same window.
SEND_PER_DESTINATION = (3, 15 * 60)
SEND_PER_IP = (10, 60 * 60)
CHECK_PER_IP = (30, 60 * 60)
# Wrong codes per identifier a day, whatever the IPs: with 5 tries per code and 3 codes per quarter
# hour alone, an attacker with many addresses could make ~1,400 guesses a day at one number
# (0.14% a day to hit a 6-digit code); this caps it at 20 (0.002%). The price: 20 wrong codes
# block that number's reset for the rest of the day; the password and a staff unlock still work.
FAILED_CHECKS_PER_DESTINATION = (20, 24 * 60 * 60)


def _setting(name: str, default: tuple[int, int]) -> tuple[int, int]:
    value = getattr(settings, name, default)
    return int(value[0]), int(value[1])


def _digest(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def _code_hash(purpose: str, user_id: int, code: str) -> str:
    return _digest(f"otc:{purpose}:{user_id}:{code}")


def destination_hash(destination: str) -> str:
    return _digest(f"dest:{normalise_identifier(destination)}")


def normalise_identifier(value: str) -> str:
    value = (value or "").strip()
    return value.lower() if "@" in value else value.replace(" ", "").replace("-", "")


def _password_errors(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(422, "invalid_password", " ".join(exc.messages), {"new_password1": exc.messages}) from exc


def _too_many() -> ServiceError:
    return ServiceError(429, "rate_limited", _("Too many requests. Please wait a few minutes and try again."))


def _limit(scope: str, value: str, setting: str, default: tuple[int, int]) -> None:
    limit, window = _setting(setting, default)
    if ratelimit.exceeded(scope, value, limit=limit, window=window):
        raise _too_many()


# --- Sending codes ----------------------------------------------------------------------------------


def _issue(*, user: User, purpose: str, channel: str, destination: str) -> str:
    """Make a fresh code (older unused ones of the same purpose stop working) and return it in clear."""
    now = timezone.now()
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(used_at=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    OneTimeCode.objects.create(user=user, purpose=purpose, channel=channel, destination_hash=destination_hash(destination),
                               code_hash=_code_hash(purpose, user.pk, code),
                               expires_at=now + dt.timedelta(minutes=CODE_MINUTES))
    return code


def _deliver(*, user: User, channel: str, destination: str, text: str, subject: str) -> None:
    """Send now. The code goes straight to the SMS backend or mail, never into the inbox table: it
    must not be stored in clear. (If the request's transaction rolls back, the code was never
    stored and cannot be used.)"""
    if channel == OneTimeCode.Channel.SMS:
        get_sms_backend().send(destination, text)
    else:
        send_mail(subject, text, None, [destination])


def _find_user(identifier: str) -> tuple[User | None, str]:
    """The active account a reset identifier (mobile number or e-mail address) names, and the channel."""
    ident = normalise_identifier(identifier)
    if "@" in ident:
        user = User.objects.filter(email__iexact=ident, is_active=True).order_by("pk").first()
        return user, OneTimeCode.Channel.EMAIL
    user = User.objects.filter(phone=ident, is_active=True).first()
    if user is None and ident and not ident.isdigit():
        # A username is accepted too; the code goes to the number (or address) on file.
        user = User.objects.filter(username__iexact=ident, is_active=True).first()
        if user is not None and not user.phone:
            return user, OneTimeCode.Channel.EMAIL
    return user, OneTimeCode.Channel.SMS


def _check_identifier(identifier: str) -> str:
    ident = normalise_identifier(identifier)
    if not ident or len(ident) > 254 or not ident.isprintable():  # NUL, control characters, lone surrogates
        raise ServiceError(422, "invalid", _("Enter your mobile number or e-mail address."),
                           {"identifier": [_("Enter your mobile number or e-mail address.")]})
    if ident.isdigit():
        try:
            phone_validator(ident)
        except ValidationError as exc:
            raise ServiceError(422, "invalid", exc.messages[0], {"identifier": exc.messages}) from exc
    return ident


@transaction.atomic
def password_reset_request(*, identifier: str, ip: str) -> None:
    """Send a reset code to the number or address, if an account has it. Answers the same either
    way (no enumeration); refuses with 429 when the destination or the IP asked too often."""
    ident = _check_identifier(identifier)
    _limit("reset-dest", ident, "PASSWORD_RESET_PER_DESTINATION", SEND_PER_DESTINATION)
    _limit("reset-ip", ip, "PASSWORD_RESET_PER_IP", SEND_PER_IP)
    user, channel = _find_user(ident)
    if user is None:
        logger.info("password reset requested for an unknown identifier")
        return
    destination = user.phone if channel == OneTimeCode.Channel.SMS else user.email
    if not destination:
        return
    code = _issue(user=user, purpose=OneTimeCode.Purpose.PASSWORD_RESET, channel=channel, destination=ident)
    with override(user.preferred_language or "zh-hans"):
        text = _("YouthCity: your password reset code is %(code)s, valid for %(minutes)d minutes. "
                 "If you did not ask for it, ignore this message.") % {"code": code, "minutes": CODE_MINUTES}
        subject = _("Your YouthCity password reset code")
    _deliver(user=user, channel=channel, destination=destination, text=text, subject=subject)


def _invalid_code() -> ServiceError:
    message = _("The code is wrong or has expired. Ask for a new one.")
    return ServiceError(422, "invalid_code", message, {"code": [message]})


def _use_code(*, user: User | None, purpose: str, code: str, destination: str) -> OneTimeCode | None:
    """Check a code and spend it; None when it does not fit (the failed try is counted and kept,
    so the caller raises only after its transaction committed)."""
    code = (code or "").strip()
    if user is None or not code.isdigit() or len(code) != 6:
        return None
    now = timezone.now()
    candidate = (OneTimeCode.objects.select_for_update()
                 .filter(user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now,
                         destination_hash=destination_hash(destination))
                 .order_by("-created_at").first())
    if candidate is None or candidate.attempts >= CODE_ATTEMPTS:
        return None
    if not hmac.compare_digest(candidate.code_hash, _code_hash(purpose, user.pk, code)):
        OneTimeCode.objects.filter(pk=candidate.pk).update(attempts=candidate.attempts + 1)
        return None
    candidate.used_at = now
    candidate.save(update_fields=["used_at"])
    return candidate


def password_reset_confirm(*, identifier: str, code: str, new_password: str, ip: str) -> User:
    """Set a new password with a valid reset code. Revokes every token and session, clears the lock.
    A wrong code, an expired one and an unknown identifier all answer the same."""
    ident = _check_identifier(identifier)
    _limit("reset-check-ip", ip, "PASSWORD_RESET_CHECKS_PER_IP", CHECK_PER_IP)
    failed_limit, failed_window = _setting("PASSWORD_RESET_FAILED_CHECKS_PER_DESTINATION",
                                           FAILED_CHECKS_PER_DESTINATION)
    if ratelimit.count("reset-failed-dest", ident, window=failed_window) >= failed_limit:
        raise _too_many()
    with transaction.atomic():
        user, _channel = _find_user(ident)
        _password_errors(new_password, user or User(username=ident))
        spent = _use_code(user=user, purpose=OneTimeCode.Purpose.PASSWORD_RESET, code=code, destination=ident)
        if spent is not None:
            with set_actor(user):
                user.set_password(new_password)
                user.must_change_password = False
                fields = ["password", "must_change_password"]
                if spent.channel == OneTimeCode.Channel.SMS and user.phone and not user.phone_verified_at:
                    user.phone_verified_at = timezone.now()  # the code reached this number: it is theirs
                    fields.append("phone_verified_at")
                user.save(update_fields=fields)
            api_tokens_revoke_all(user=user)
    if spent is None:
        ratelimit.hit("reset-failed-dest", ident, window=failed_window)
        raise _invalid_code()
    lockout_clear(username=user.username)
    return user


@transaction.atomic
def password_change(*, user: User, old_password: str | None, new_password: str) -> User:
    """The signed-in person changes their password (``old_password`` None: the first sign-in of a
    staff-created account, already authenticated by the temporary password). Revokes every token."""
    if old_password is not None and not user.check_password(old_password):
        message = _("Your current password is wrong.")
        raise ServiceError(422, "wrong_password", message, {"old_password": [message]})
    if old_password is not None and old_password == new_password:
        message = _("Choose a password different from the current one.")
        raise ServiceError(422, "same_password", message, {"new_password1": [message]})
    _password_errors(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    api_tokens_revoke_all(user=user)
    return user


# --- Phone verification -------------------------------------------------------------------------------


@transaction.atomic
def phone_verification_send(*, user: User, ip: str) -> None:
    if not user.phone:
        raise ServiceError(409, "no_phone", _("Add a mobile number to your account first."))
    if user.phone_verified_at:
        raise ServiceError(409, "already_verified", _("Your mobile number is already verified."))
    _limit("verify-dest", user.phone, "PHONE_VERIFY_PER_DESTINATION", SEND_PER_DESTINATION)
    _limit("verify-ip", ip, "PHONE_VERIFY_PER_IP", SEND_PER_IP)
    code = _issue(user=user, purpose=OneTimeCode.Purpose.PHONE_VERIFY, channel=OneTimeCode.Channel.SMS,
                  destination=user.phone)
    with override(user.preferred_language or "zh-hans"):
        text = _("YouthCity: your verification code is %(code)s, valid for %(minutes)d minutes.") % {
            "code": code, "minutes": CODE_MINUTES}
    _deliver(user=user, channel=OneTimeCode.Channel.SMS, destination=user.phone, text=text, subject="")


def phone_verification_confirm(*, user: User, code: str) -> User:
    with transaction.atomic():
        spent = _use_code(user=user if user.phone else None, purpose=OneTimeCode.Purpose.PHONE_VERIFY, code=code,
                          destination=user.phone or "")
        if spent is not None:
            user.phone_verified_at = timezone.now()
            user.save(update_fields=["phone_verified_at"])
    if spent is None:
        raise _invalid_code()
    return user


# --- Lockout ---------------------------------------------------------------------------------------------


def lockout_clear(*, username: str) -> int:
    """Remove django-axes' failed attempts of ``username`` (every IP): the account is unlocked."""
    from axes.utils import reset

    return reset(username=username)


def is_locked(username: str) -> bool:
    from axes.models import AccessAttempt

    limit = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return AccessAttempt.objects.filter(username=username, failures_since_start__gte=limit,
                                        attempt_time__gte=since).exists()
