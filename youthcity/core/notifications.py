"""The notification service every domain uses for reminders and pushes.

``notify()`` writes the inbox row (the durable record) inside the caller's transaction and
enqueues delivery by e-mail/SMS as a background task once the transaction commits, so a
rolled-back write never sends a message.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import sql
from .models import Notification
from .sms import get_sms_backend

DEFAULT_CHANNELS = (Notification.Channel.INBOX,)


def notify(
    *,
    recipient,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    channels: Iterable[str] = DEFAULT_CHANNELS,
    dedupe_key: str = "",
) -> Notification | None:
    """Send one notification. Returns None when ``dedupe_key`` was already used for this recipient."""
    channels = [str(c) for c in channels]
    if Notification.Channel.INBOX not in channels:
        channels.insert(0, Notification.Channel.INBOX)
    note = Notification(recipient=recipient, kind=kind, title=title, body=body, url=url, channels=channels,
                        dedupe_key=dedupe_key)
    # One hand-written INSERT … ON CONFLICT DO NOTHING (no savepoint, no query compilation): a
    # repeated dedupe key is skipped by the database's unique index instead of raising.
    if not sql.insert(note, ignore_conflicts=bool(dedupe_key)):
        return None
    external = [c for c in channels if c != Notification.Channel.INBOX]
    if external:
        transaction.on_commit(lambda: deliver_notification.enqueue(note.pk))
    return note


@task(queue_name="notifications")
def deliver_notification(notification_id: int) -> dict[str, str]:
    """Deliver the e-mail/SMS copies of a notification; records what was sent."""
    note = Notification.objects.select_related("recipient").get(pk=notification_id)
    user = note.recipient
    result: dict[str, str] = {}
    if Notification.Channel.EMAIL in note.channels:
        if user.email:
            send_mail(note.title, f"{note.body}\n\n{note.url}".strip(), None, [user.email])
            result["email"] = timezone.now().isoformat()
        else:
            result["email"] = "skipped: no address"
    if Notification.Channel.SMS in note.channels:
        if user.phone:
            get_sms_backend().send(user.phone, f"{note.title} {note.body}".strip()[:300])
            result["sms"] = timezone.now().isoformat()
        else:
            result["sms"] = "skipped: no phone"
    Notification.objects.filter(pk=note.pk).update(delivered=result)
    return result


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
