"""Suggestions picked in SQL rank exactly like `suggest.suggest` over the whole directory."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from eventsite.extensions import db
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from eventsite.seating import services, suggest
from eventsite.seating.models import TablePrisoner
from eventsite.tallies.models import LetterTally
from tests.builders import make_chapter, make_event, make_prisoner

TAGS = ["women", "journalists", "Religion", "anti-war"]


def _directory(rng: random.Random) -> list[Prisoner]:
    prisoners = []
    for n in range(70):
        born = None
        if n % 9:
            born = date(1960, 1, 1) + timedelta(days=rng.randrange(40 * 365))
        if n % 13 == 0:
            born = date(1988, 2, 29)
        prisoners.append(
            make_prisoner(
                commit=False,
                birth_date=born,
                status=PrisonerStatus.ACTIVE if n % 6 else PrisonerStatus.RELEASED,
                tags=rng.sample(TAGS, rng.randrange(3)),
            )
        )
    db.session.commit()
    return prisoners


def _expected(event, prisoners, theme, limit):
    """The ranking as it was computed before: every prisoner through `suggest.suggest`."""
    chosen = {row.prisoner_id for row in services.chosen_prisoners(event.id)}
    letters = services.recent_letters([p.id for p in prisoners])
    candidates = [
        services.candidate(p, letters.get(p.id, 0)) for p in prisoners if p.id not in chosen
    ]
    evening = services._evening_day(event)
    ranked = suggest.suggest(candidates, evening, event.chapter.postal_delay_days, theme).ranked
    return [(s.candidate.id, s.reasons) for s in ranked[:limit]]


@pytest.mark.parametrize(
    "evening",
    [date(2031, 12, 10), date(2032, 1, 30), date(2033, 1, 30), date(2031, 6, 1)],
    ids=["across-new-year", "february-leap", "february-plain", "summer"],
)
@pytest.mark.parametrize("theme", [None, "women", "religion", "nobody-has-this"])
def test_sql_preselection_ranks_like_the_pure_function(app, evening, theme):
    rng = random.Random(f"{evening}{theme}")
    prisoners = _directory(rng)
    starts = datetime(evening.year, evening.month, evening.day, 18, tzinfo=UTC)
    event = make_event(
        chapter=make_chapter(postal_delay_days=14, timezone="UTC"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    recent = make_event(starts_at=datetime.now(UTC) - timedelta(days=10))
    for p in rng.sample(prisoners, 25):
        db.session.add(
            LetterTally(
                event_id=recent.id,
                prisoner_id=p.id,
                letters=rng.randrange(4),
                postcards=rng.randrange(3),
            )
        )
    for p in prisoners[1:6]:
        db.session.add(TablePrisoner(event_id=event.id, prisoner_id=p.id))
    db.session.commit()

    for limit in (5, 30, 100):
        got = [(s.candidate.id, s.reasons) for s in services.suggestions(event, theme, limit)]
        assert got == _expected(event, prisoners, theme, limit)
