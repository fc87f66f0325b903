"""Staff accounts managed in the app: a coordinator or an administrator creates accounts for the
people working in their regions and units, grants and ends their roles, and unlocks a locked
account. Every action is checked against :func:`.permissions.can_grant` (the caller's own scope,
never their own roles) and audited (django-auditlog; the unlock writes its own entry)."""

from __future__ import annotations

import secrets
import string

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from youthcity.core.errors import ServiceError

from . import permissions
from .models import Membership, User
from .security import lockout_clear
from .selectors import people_managed_by
from .services import api_tokens_revoke_all

_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")  # read aloud, typed


def temporary_password() -> str:
    """A 14-character temporary password; the person must replace it at first sign-in."""
    while True:
        value = "".join(secrets.choice(_ALPHABET) for _ in range(12)) + "-" + secrets.choice("23456789")
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("You may not manage this role."))


@transaction.atomic
def staff_account_create(*, actor, username: str, display_name: str, role: str, unit=None, region=None,
                         phone: str | None = None, email: str = "") -> tuple[User, str]:
    """Create a staff account with a first role and a temporary password (returned once, in
    clear, to hand over). The account must change its password at first sign-in."""
    if not permissions.can_grant(actor, role, unit=unit, region=region):
        raise _refuse()
    if User.objects.filter(username__iexact=username).exists():
        message = _("This username is already taken.")
        raise ServiceError(409, "duplicate", message, {"username": [message]})
    if phone and User.objects.filter(phone=phone).exists():
        message = _("An account with this mobile number already exists.")
        raise ServiceError(409, "duplicate", message, {"phone": [message]})
    password = temporary_password()
    user = User(username=username, display_name=display_name, phone=phone or None, email=email or "",
                must_change_password=True)
    user.set_password(password)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ServiceError.from_validation(exc) from exc
    user.save()
    Membership.objects.create(user=user, role=role, unit=unit, region=region)
    return user, password


@transaction.atomic
def staff_role_grant(*, actor, user: User, role: str, unit=None, region=None) -> Membership:
    if user.pk == actor.pk or not permissions.can_grant(actor, role, unit=unit, region=region):
        raise _refuse()
    if not user.is_active:
        raise ServiceError(409, "inactive", _("This account is deactivated."))
    membership, _created = Membership.objects.get_or_create(user=user, role=role, unit=unit, region=region)
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    permissions.forget(user)
    return membership


@transaction.atomic
def staff_role_end(*, actor, membership: Membership) -> Membership:
    membership = (Membership.objects.select_for_update(of=("self",)).select_related("user", "unit__region", "region")
                  .get(pk=membership.pk))
    if not permissions.can_manage_membership(actor, membership):
        raise _refuse()
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    # The last role ended: the account can no longer act as staff; its tokens go with it.
    if not Membership.objects.filter(user_id=membership.user_id, is_active=True).exists():
        api_tokens_revoke_all(user=membership.user)
    permissions.forget(membership.user)
    return membership


@transaction.atomic
def account_unlock(*, actor, user: User) -> int:
    """Lift django-axes' lock of ``user`` (every IP); audited as a change of the account."""
    if user.pk == actor.pk or not people_managed_by(actor).filter(pk=user.pk).exists():
        raise _refuse()
    removed = lockout_clear(username=user.username)
    LogEntry.objects.log_create(user, force_log=True, action=LogEntry.Action.UPDATE, actor=actor,
                                changes={"lockout": ["locked", "unlocked"]})
    return removed


def can_deactivate(actor, user: User) -> bool:
    active = list(Membership.objects.select_related("unit__region", "region").filter(user=user, is_active=True))
    return user.pk != actor.pk and bool(active) and all(permissions.can_manage_membership(actor, m) for m in active)


@transaction.atomic
def account_deactivate(*, actor, user: User) -> User:
    """A staff member leaves: end every role and deactivate the account (its tokens are revoked,
    its sessions end). Only when every active role of the person is the caller's to end."""
    active = list(Membership.objects.select_for_update(of=("self",)).select_related("unit__region", "region")
                  .filter(user=user, is_active=True))
    if not can_deactivate(actor, user):
        raise _refuse()
    for membership in active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    user.is_active = False
    user.save(update_fields=["is_active"])
    api_tokens_revoke_all(user=user)
    permissions.forget(user)
    return user
