from django.core import mail

from youthcity.core.models import Notification
from youthcity.core.notifications import mark_read, notify, unread_count
from youthcity.core.sms import LocmemSmsBackend


def test_inbox_email_and_sms_after_commit(users, django_capture_on_commit_callbacks):
    user = users["hrss_staff"]
    user.email = "staff@example.org"
    user.save()
    LocmemSmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(recipient=user, kind="ledger.report_due", title="进展报告即将到期", body="请于3日内提交",
                      channels=["email", "sms"])
    note.refresh_from_db()
    assert note.channels == ["inbox", "email", "sms"]
    assert set(note.delivered) == {"email", "sms"}
    assert mail.outbox[-1].subject == "进展报告即将到期"
    assert LocmemSmsBackend.outbox[-1][0] == "13800000001"
    assert unread_count(user) == 1
    assert mark_read(user=user) == 1 and unread_count(user) == 0


def test_nothing_is_sent_when_the_transaction_rolls_back(users, django_capture_on_commit_callbacks):
    from django.db import transaction

    LocmemSmsBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(recipient=users["youth"], kind="x", title="t", channels=["sms"])
                raise ValueError
        except ValueError:
            pass
    assert LocmemSmsBackend.outbox == []
    assert not Notification.objects.filter(recipient=users["youth"], kind="x").exists()


def test_dedupe_key_sends_once(users):
    first = notify(recipient=users["youth"], kind="r", title="t", dedupe_key="plan:1:2026-11")
    second = notify(recipient=users["youth"], kind="r", title="t", dedupe_key="plan:1:2026-11")
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=users["youth"], kind="r").count() == 1


def test_inbox_page_lists_and_marks_read(client, users):
    notify(recipient=users["youth"], kind="k", title="您的申请已通过")
    client.force_login(users["youth"])
    page = client.get("/accounts/inbox/").content.decode()
    assert "您的申请已通过" in page
    client.post("/accounts/inbox/")
    assert unread_count(users["youth"]) == 0
