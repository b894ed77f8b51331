"""A prisoner's page: letters per month from every chapter, counts only, constant queries."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest

from eventsite.auth.models import Role
from eventsite.extensions import db, utcnow
from eventsite.reports.services import prisoner_letters
from eventsite.tallies.models import LetterTally
from tests.builders import make_chapter, make_event, make_prisoner, make_tally, make_user
from tests.helpers import login
from tests.queries import count_queries

pytestmark = pytest.mark.dates

SVG = "{http://www.w3.org/2000/svg}"


def _at(chapter, when):
    return make_event(chapter=chapter, starts_at=when, ends_at=when + timedelta(hours=2))


def test_letters_per_month_across_chapters(app):
    prisoner, other = make_prisoner(), make_prisoner()
    berlin, tbilisi = make_chapter(), make_chapter(timezone="Asia/Tbilisi")
    now = datetime(2025, 6, 15, tzinfo=UTC)
    make_tally(_at(berlin, datetime(2025, 6, 1, 17, tzinfo=UTC)), prisoner, 3, 1)
    make_tally(_at(tbilisi, datetime(2025, 6, 10, 15, tzinfo=UTC)), prisoner, 2, 2)
    make_tally(_at(tbilisi, datetime(2025, 4, 30, 15, tzinfo=UTC)), prisoner, 1, 0)
    make_tally(_at(berlin, datetime(2024, 1, 5, 17, tzinfo=UTC)), prisoner, 10, 0)  # too early
    make_tally(_at(berlin, datetime(2025, 6, 1, 17, tzinfo=UTC)), other, 50, 50)

    result = prisoner_letters(prisoner.id, months=3, now=now)

    assert [(m.month, m.letters, m.postcards) for m in result.months] == [
        (date(2025, 4, 1), 1, 0),
        (date(2025, 5, 1), 0, 0),
        (date(2025, 6, 1), 5, 3),
    ]
    assert (result.letters, result.postcards) == (16, 3)  # ever, all chapters


def _page(client, prisoner):
    client.get(f"/prisoners/{prisoner.id}")
    with count_queries() as statements:
        response = client.get(f"/prisoners/{prisoner.id}")
    assert response.status_code == 200
    return response.text, len(statements)


def test_page_shows_counts_without_other_chapters_names(app, client):
    mine = make_chapter(name="My Own Chapter")
    theirs = make_chapter(name="Secret Elsewhere Group")
    login(client, make_user(chapter=mine, role=Role.HOST).email)
    quiet, busy = make_prisoner(), make_prisoner()
    make_tally(_at(mine, utcnow() - timedelta(days=2)), quiet, 1, 0)
    for i in range(40):
        evening = _at(theirs if i % 2 else mine, utcnow() - timedelta(days=9 * i + 1))
        db.session.add(
            LetterTally(event_id=evening.id, prisoner_id=busy.id, letters=2, postcards=1)
        )
    db.session.commit()

    small_text, small = _page(client, quiet)
    big_text, big = _page(client, busy)

    assert small == big
    assert "<dt>Both, last 90 days</dt><dd>1 " in small_text
    assert "Secret Elsewhere" not in big_text and "Evening " not in big_text
    assert "<dt>Letters, all time</dt><dd>80</dd>" in big_text
    assert "<dt>Postcards, all time</dt><dd>40</dd>" in big_text
    svg_markup = big_text[big_text.index("<svg") : big_text.index("</svg>") + 6]
    svg = ET.fromstring(svg_markup)  # noqa: S314 -- our own page
    assert len(svg.findall(f".//{SVG}rect[@class='bar']")) == 12
