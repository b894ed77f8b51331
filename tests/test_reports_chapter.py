"""The chapter dashboard: monthly buckets, quiet prisoners, period, CSV, query counts."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from eventsite.auth.models import Membership, Role
from eventsite.events.models import Event, EventStatus
from eventsite.extensions import db, utcnow
from eventsite.prisoners.models import PrisonerStatus
from eventsite.reports import services
from eventsite.rsvp.models import Rsvp, RsvpStatus
from eventsite.tallies.models import LetterTally
from tests.builders import make_chapter, make_event, make_prisoner, make_tally, make_user
from tests.helpers import login
from tests.queries import count_queries

pytestmark = pytest.mark.dates

SVG = "{http://www.w3.org/2000/svg}"


def _at(chapter, when: datetime, **overrides) -> Event:
    return make_event(
        chapter=chapter, starts_at=when, ends_at=when + timedelta(hours=2), **overrides
    )


def _people(event, signed_up=0, arrived=0, walk_ins=0):
    """Sign-ups (the first `arrived` checked in) and walk-ins, as the purge leaves them."""
    for i in range(signed_up + walk_ins):
        walk_in = i >= signed_up
        db.session.add(
            Rsvp(
                event_id=event.id,
                status=RsvpStatus.CONFIRMED,
                queue_seq=i + 1,
                is_walk_in=walk_in,
                checked_in_at=event.starts_at if walk_in or i < arrived else None,
            )
        )
    db.session.commit()


def test_months_are_counted_in_the_chapters_time_zone(app):
    berlin = make_chapter(timezone="Europe/Berlin")
    now = datetime(2025, 6, 15, 12, tzinfo=UTC)
    # 22:30 UTC on 31 March is 00:30 on 1 April in Berlin (summer time).
    april = _at(berlin, datetime(2025, 3, 31, 22, 30, tzinfo=UTC))
    # 23:30 UTC on 28 February is already March in Berlin, and inside a 4-month period.
    march = _at(berlin, datetime(2025, 2, 28, 23, 30, tzinfo=UTC))
    too_early = _at(berlin, datetime(2025, 2, 28, 22, 30, tzinfo=UTC))  # 23:30 in Berlin
    not_yet = _at(berlin, datetime(2025, 6, 20, 17, tzinfo=UTC))
    draft = _at(berlin, datetime(2025, 5, 2, 17, tzinfo=UTC), status=EventStatus.DRAFT)
    prisoner = make_prisoner()
    for event, letters in ((april, 4), (march, 2), (too_early, 50), (not_yet, 50), (draft, 1)):
        make_tally(event, prisoner, letters=letters, postcards=1)
    _people(april, signed_up=5, arrived=3, walk_ins=2)
    _people(march, signed_up=2, arrived=2)

    result = services.dashboard(berlin.id, berlin.timezone, 4, now=now)

    assert [m.month for m in result.months] == [date(2025, m, 1) for m in (3, 4, 5, 6)]
    by_month = {m.month.month: m for m in result.months}
    assert by_month[3] == services.MonthRow(date(2025, 3, 1), 1, 2, 2, 2, 1)
    assert by_month[4] == services.MonthRow(date(2025, 4, 1), 1, 5, 5, 4, 1)
    # A draft is no evening held, but letters tallied there still count.
    assert by_month[5] == services.MonthRow(date(2025, 5, 1), 0, 0, 0, 1, 1)
    assert by_month[6] == services.MonthRow(date(2025, 6, 1), 0, 0, 0, 0, 0)
    assert result.total == services.MonthRow(date(2025, 3, 1), 2, 7, 7, 7, 3)
    assert result.prisoners_written_to == 1


def test_dashboard_adds_up_against_the_tallies(app):
    chapter, elsewhere = make_chapter(), make_chapter()
    prisoners = [make_prisoner() for _ in range(4)]
    for days in (5, 40, 75, 200):
        event = _at(chapter, utcnow() - timedelta(days=days))
        for i, prisoner in enumerate(prisoners[: 1 + days % 4]):
            make_tally(event, prisoner, letters=i + days % 7, postcards=i)
    make_tally(_at(elsewhere, utcnow() - timedelta(days=5)), prisoners[3], 90, 90)

    result = services.dashboard(chapter.id, chapter.timezone, 12)

    letters, postcards = db.session.execute(
        select(func.sum(LetterTally.letters), func.sum(LetterTally.postcards))
        .join(Event)
        .where(Event.chapter_id == chapter.id)
    ).one()
    assert sum(m.letters for m in result.months) == result.total.letters == letters
    assert sum(m.postcards for m in result.months) == result.total.postcards == postcards
    assert result.prisoners_written_to == 4


def test_prisoners_quiet_for_90_days(app):
    chapter, elsewhere = make_chapter(), make_chapter()
    long_ago = _at(chapter, utcnow() - timedelta(days=100))
    lately = _at(chapter, utcnow() - timedelta(days=10))
    old = make_prisoner(name_ru="А Давно")
    recent = make_prisoner(name_ru="Б Недавно")
    released = make_prisoner(name_ru="В Освобождён", status=PrisonerStatus.RELEASED)
    never = make_prisoner(name_ru="Г Никогда")
    only_elsewhere = make_prisoner(name_ru="Д Другие")
    zero = make_prisoner(name_ru="Е Ноль")
    make_tally(long_ago, old, letters=3)
    make_tally(long_ago, recent, letters=1)
    make_tally(lately, recent, postcards=1)
    make_tally(lately, zero, letters=0, postcards=0)
    make_tally(_at(elsewhere, utcnow() - timedelta(days=10)), only_elsewhere, letters=5)

    quiet = services.quiet_prisoners(chapter.id)

    assert [p.id for p in quiet.items] == [old.id, never.id, only_elsewhere.id, zero.id]
    assert quiet.total == 4 and released.id not in [p.id for p in quiet.items]
    second = services.quiet_prisoners(chapter.id, page=2, per_page=3)
    assert (second.total, second.pages, [p.id for p in second.items]) == (4, 2, [zero.id])


def test_dashboard_page_chart_table_and_period(app, client, frozen_now):
    chapter = make_chapter(name="<b>Chapter & Co</b>")
    held = frozen_now - timedelta(days=1)
    make_tally(_at(chapter, held), make_prisoner(), letters=6)
    # Yesterday is last month's bar on the 1st (in the chapter's time zone), else this month's.
    local = ZoneInfo(chapter.timezone)
    same_month = held.astimezone(local).month == frozen_now.astimezone(local).month
    login(client, make_user(chapter=chapter, role=Role.HOST).email)

    page = client.get(f"/manage/c/{chapter.slug}/report?months=5")

    assert page.status_code == 200
    assert "<b>Chapter" not in page.text and "&lt;b&gt;Chapter &amp; Co" in page.text
    assert "<script" not in page.text
    markup = page.text[page.text.index("<svg") : page.text.index("</svg>") + 6]
    svg = ET.fromstring(markup)  # noqa: S314 -- our own page
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Letters and postcards per month"
    bars = svg.findall(f".//{SVG}rect[@class='bar']")
    assert len(bars) == 5
    heights = [float(bar.get("height")) for bar in bars]
    tallied = 4 if same_month else 3
    assert heights[tallied] > 0
    assert [h for i, h in enumerate(heights) if i != tallied] == [0, 0, 0, 0]
    assert page.text.count('<tr><th scope="row">') == 5 + 1  # the same months, and a total
    for months in ("0", "61", "abc", "-3"):
        assert client.get(f"/manage/c/{chapter.slug}/report?months={months}").status_code == 400
    assert client.get(f"/manage/c/{chapter.slug}/report?months=60").status_code == 200


def test_dashboard_csv_parses_back(app, client):
    chapter = make_chapter()
    event = _at(chapter, utcnow() - timedelta(days=1))
    _people(event, signed_up=3, arrived=2, walk_ins=1)
    make_tally(event, make_prisoner(), letters=4, postcards=2)
    login(client, make_user(chapter=chapter).email)

    response = client.get(f"/manage/c/{chapter.slug}/report.csv?months=3")

    assert response.mimetype == "text/csv" and response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["month", "evenings", "signups", "arrivals", "letters", "postcards"]
    assert len(rows) == 1 + 3 + 1
    assert all(len(row[0]) == 7 and row[0][4] == "-" for row in rows[1:-1])
    assert rows[-1] == ["total", "1", "3", "3", "4", "2"]
    columns = list(zip(*(map(int, row[1:]) for row in rows[1:-1]), strict=True))
    assert [sum(c) for c in columns] == [int(v) for v in rows[-1][1:]]


def _statements(client, path):
    client.get(path)
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("months", [12, 60])
def test_dashboard_query_count_is_constant(app, client, months):
    few, many = make_chapter(), make_chapter()
    user = make_user(chapter=few)
    db.session.add(Membership(user=user, chapter=many, role=Role.ORGANIZER))
    db.session.commit()
    login(client, user.email)
    prisoners = [make_prisoner(commit=False) for _ in range(60)]
    db.session.commit()
    event = _at(few, utcnow() - timedelta(days=3))
    make_tally(event, prisoners[0])
    for i in range(40):
        event = _at(many, utcnow() - timedelta(days=7 * i + 1))
        _people(event, signed_up=5, arrived=3, walk_ins=1)
        for prisoner in prisoners[i % 3 :: 3]:
            db.session.add(LetterTally(event_id=event.id, prisoner_id=prisoner.id, letters=2))
    db.session.commit()

    small = _statements(client, f"/manage/c/{few.slug}/report?months={months}")
    big = _statements(client, f"/manage/c/{many.slug}/report?months={months}")
    assert small == big, (small, big)
    # user, chapter, role; then per-event rows, prisoners written to, quiet count and page
    assert big <= 7, big
