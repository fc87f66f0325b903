"""The production task backend: notifications are queued in the database and delivered by the
worker (``youthcity db_worker``), not in the request."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from youthcity.core.notifications import notify
from youthcity.core.sms import LocmemSmsBackend

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "notifications"]}}


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_and_the_worker_delivers(city):
    from django_tasks_db.models import DBTaskResult

    from youthcity.accounts.models import User

    user = User.objects.get(username="hrss_staff")
    LocmemSmsBackend.outbox.clear()
    with override_settings(TASKS=DB_TASKS):
        note = notify(recipient=user, kind="ledger.report_due", title="请提交进展", channels=["sms"])
        queued = DBTaskResult.objects.get()
        assert queued.status == "READY" and queued.queue_name == "notifications"
        assert LocmemSmsBackend.outbox == []  # nothing sent inside the request
        call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    queued.refresh_from_db()
    note.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert "sms" in note.delivered and LocmemSmsBackend.outbox == [("13800000001", "请提交进展")]
    assert mail.outbox == []
