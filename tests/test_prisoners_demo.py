import pytest
from sqlalchemy import select

from eventsite.extensions import db, utcnow
from eventsite.prisoners import directory
from eventsite.prisoners.models import Prisoner, PrisonerStatus

pytestmark = pytest.mark.dates


def test_demo_has_forty_fictional_prisoners_with_birthdays_coming_up(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    prisoners = db.session.scalars(select(Prisoner)).all()
    assert len(prisoners) == 40
    assert all(p.external_id.startswith("DEMO-") for p in prisoners)
    assert {p.status for p in prisoners} > {PrisonerStatus.ACTIVE, PrisonerStatus.RELEASED}
    assert len({p.region for p in prisoners}) >= 4
    upcoming = db.session.scalars(directory.upcoming_birthdays_query(utcnow().date(), 21)).all()
    assert len(upcoming) >= 3
