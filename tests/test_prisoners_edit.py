"""Creating and editing prisoners: validation, transliteration, history."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventsite.auth.models import Role
from eventsite.errors import DomainError
from eventsite.extensions import db, utcnow
from eventsite.prisoners import services
from eventsite.prisoners.models import Prisoner, PrisonerChange, PrisonerStatus
from eventsite.prisoners.services import PrisonerData
from tests.builders import make_chapter, make_prisoner, make_user
from tests.helpers import login

FORM = {
    "name_ru": "Иванова  Мария Петровна",
    "birth_date": "1987-06-05",
    "status": "active",
    "postal_code": "601446",
    "region": "Владимирская обл.",
    "town": "г. Покров",
    "facility": "ФКУ ИК-2",
    "tags": "Women, anti-war",
    "mail_routes": ["post", "electronic"],
}


@pytest.fixture
def organizer(app, client):
    user = make_user(chapter=make_chapter(), role=Role.ORGANIZER)
    login(client, user.email)
    return user


def test_organizer_adds_a_prisoner_and_latin_name_is_filled_in(app, client, organizer):
    response = client.post("/prisoners/new", data=FORM)
    assert response.status_code == 302
    prisoner = db.session.scalar(select(Prisoner))
    assert prisoner.name_ru == "Иванова Мария Петровна"
    assert prisoner.name_latin == "Ivanova Mariia Petrovna"  # ICAO Doc 9303, as in passports
    assert prisoner.tag_names == ["anti-war", "women"]
    assert [r.value for r in prisoner.route_names] == ["electronic", "post"]
    assert prisoner.last_edited_by_id == organizer.id
    change = db.session.scalar(select(PrisonerChange))
    assert change.user_id == organizer.id
    assert change.changes["name_ru"] == [None, "Иванова Мария Петровна"]


def test_a_given_latin_name_is_kept(app, client, organizer):
    client.post("/prisoners/new", data={**FORM, "name_latin": "Maria Ivanova"})
    assert db.session.scalar(select(Prisoner.name_latin)) == "Maria Ivanova"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"birth_date": "1850-01-01"}, "birth_date", "not plausible"),
        ({"postal_code": ""}, "postal_code", "needs a postal code"),
        ({"facility": ""}, "facility", "needs a facility"),
        ({"postal_code": "6014"}, "postal_code", "six digits"),
        ({"name_ru": "Ivan Ivanov"}, "name_ru", "Cyrillic"),
        ({"tags": "a tag with spaces!"}, "tags", "Tags are"),
    ],
)
def test_the_form_rejects_implausible_data(app, client, organizer, change, field, message):
    response = client.post("/prisoners/new", data={**FORM, **change})
    assert response.status_code == 200
    assert message in response.text
    assert f'id="{field}-error"' in response.text
    assert db.session.scalar(select(Prisoner)) is None


@pytest.mark.dates
@pytest.mark.parametrize(
    ("born", "message"),
    [
        (lambda today: today, "in the past"),
        (lambda today: today + timedelta(days=3), "in the past"),
        (lambda today: today - timedelta(days=365 * 5), "not plausible"),
        (lambda today: _years_ago(today, 14) + timedelta(days=1), "not plausible"),
        (lambda today: _years_ago(today, 14), None),
    ],
    ids=["today", "in-3-days", "5-years-old", "14-tomorrow", "14-today"],
)
def test_birth_dates_are_checked_against_todays_date(
    app, client, organizer, frozen_now, born, message
):
    # The directory's "today" is the UTC date (a shared directory has no one time zone).
    response = client.post(
        "/prisoners/new", data={**FORM, "birth_date": born(frozen_now.date()).isoformat()}
    )
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert message in response.text and 'id="birth_date-error"' in response.text
    assert db.session.scalar(select(Prisoner)) is None


def _years_ago(day: date, years: int) -> date:
    """The same day `years` ago, 28 February for 29 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def test_a_released_prisoner_needs_no_address(app, client, organizer):
    data = {**FORM, "status": "released", "postal_code": "", "region": "", "facility": ""}
    assert client.post("/prisoners/new", data=data).status_code == 302


def test_editing_records_who_changed_which_fields(app, client, organizer):
    prisoner = make_prisoner(name_ru="Петров Пётр", bio="Старая биография")
    page = client.get(f"/prisoners/{prisoner.id}/edit").text
    assert "Старая биография" in page
    data = {
        **FORM,
        "name_ru": "Петров Пётр",
        "facility": "ФКУ ИК-6",
        "bio": "Новая биография",
        "status": "transferred",
    }
    assert client.post(f"/prisoners/{prisoner.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    change = db.session.scalars(select(PrisonerChange).order_by(PrisonerChange.id.desc())).first()
    assert change.user_id == organizer.id
    assert change.changes["facility"][1] == "ФКУ ИК-6"
    assert change.changes["status"] == ["active", "transferred"]
    assert change.changes["bio"] is None  # long texts are named, not copied
    page = client.get(f"/prisoners/{prisoner.id}").text
    assert "transferred" in page and organizer.name in page


def test_saving_without_changes_adds_no_history(app):
    prisoner = services.apply(
        None,
        PrisonerData(name_ru="Тихий Человек", status=PrisonerStatus.UNKNOWN),
        None,
        today=utcnow().date(),
    )
    db.session.commit()
    same = PrisonerData(name_ru="Тихий  Человек ", status=PrisonerStatus.UNKNOWN)
    services.apply(prisoner, same, None, today=utcnow().date())
    db.session.commit()
    assert len(db.session.scalars(select(PrisonerChange)).all()) == 1


def test_external_id_is_unique(app, client, organizer):
    make_prisoner(external_id="OVD-1")
    response = client.post("/prisoners/new", data={**FORM, "external_id": "OVD-1"})
    assert "Another prisoner has this id" in response.text


def test_service_refuses_bad_data_with_a_domain_error(app):
    with pytest.raises(DomainError):
        services.apply(None, PrisonerData(name_ru=""), None, today=utcnow().date())


def test_envelope_lines_put_name_and_year_last(app):
    prisoner = make_prisoner(
        name_ru="Сидоров Сидор",
        birth_date=date(1970, 1, 2),
        town="",
        street="",
        region="г. Москва",
        postal_code="101000",
        facility="ФКУ СИЗО-1",
    )
    assert services.envelope_lines(prisoner) == [
        "101000, г. Москва",
        "ФКУ СИЗО-1",
        "Сидоров Сидор, 1970 г. р.",
    ]
