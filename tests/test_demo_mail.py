"""The demo's outbox looks like a real one: the mail of the replay's last month, not four years of history."""
from __future__ import annotations

import datetime as dt

from flnet_ui import demo
from models import MailStatus, OutgoingMail

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


async def test_the_demo_outbox_holds_only_the_last_month_of_mail(db, no_smtp) -> None:
    await demo.load(now=NOW)
    rows = await OutgoingMail.all().order_by('created_at')
    assert 1 <= len(rows) <= 20
    assert rows[-1].created_at - rows[0].created_at <= dt.timedelta(days=demo.RECENT_MAIL_DAYS)
    assert {row.status for row in rows} == {MailStatus.QUEUED}
    # The last meeting (8 October) left members at risk, and each was told in Danish.
    assert any(row.subject.startswith('Vigtigt: Deltag i næste møde') for row in rows)
