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
    "surname": "Иванова ",
    "given_name": " Мария",
    "patronymic": "Петровна",
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
    assert prisoner.name_ru == "Иванова Мария Петровна"  # derived from the parts
    assert (prisoner.surname, prisoner.given_name, prisoner.patronymic) == (
        "Иванова",
        "Мария",
        "Петровна",
    )
    assert prisoner.gender == "f"  # from the patronymic, when not given
    assert prisoner.name_latin == "Ivanova Mariia Petrovna"  # ICAO Doc 9303, as in passports
    assert not prisoner.name_latin_own
    assert prisoner.tag_names == ["anti-war", "women"]
    assert [r.value for r in prisoner.route_names] == ["electronic", "post"]
    assert prisoner.last_edited_by_id == organizer.id
    change = db.session.scalar(select(PrisonerChange))
    assert change.user_id == organizer.id
    assert change.changes["name_ru"] == [None, "Иванова Мария Петровна"]


def test_their_own_latin_name_overrides_the_transliteration(app, client, organizer):
    # Russian lists write a Ukrainian citizen's name the Russian way.
    data = {**FORM, "surname": "Коваленко", "given_name": "Александр", "patronymic": ""}
    client.post("/prisoners/new", data={**data, "name_latin": "Oleksandr Kovalenko"})
    prisoner = db.session.scalar(select(Prisoner))
    assert (prisoner.name_latin, prisoner.name_latin_own) == ("Oleksandr Kovalenko", True)
    page = client.get(f"/prisoners/{prisoner.id}/edit").text
    assert 'value="Oleksandr Kovalenko"' in page
    # Cleared, it is derived again, and follows the name.
    client.post(f"/prisoners/{prisoner.id}/edit", data={**data, "name_latin": ""})
    db.session.expire_all()
    assert (prisoner.name_latin, prisoner.name_latin_own) == ("Kovalenko Aleksandr", False)


def test_the_page_says_how_to_open_a_letter(app, client, organizer):
    client.post("/prisoners/new", data=FORM)
    prisoner = db.session.scalar(select(Prisoner))
    assert "Здравствуйте, Мария Петровна!" in client.get(f"/prisoners/{prisoner.id}").text
    client.post(f"/prisoners/{prisoner.id}/edit", data={**FORM, "patronymic": "", "gender": "f"})
    assert "Дорогая Мария!" in client.get(f"/prisoners/{prisoner.id}").text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"birth_date": "1850-01-01"}, "birth_date", "not plausible"),
        ({"postal_code": ""}, "postal_code", "needs a postal code"),
        ({"facility": ""}, "facility", "needs a facility"),
        ({"postal_code": "6014"}, "postal_code", "six digits"),
        ({"surname": "Ivanova"}, "surname", "Cyrillic"),
        ({"given_name": ""}, "given_name", "given name is required"),
        ({"birth_year": "2020", "birth_date": ""}, "birth_date", "not plausible"),
        ({"mail_routes": ["forwarding"]}, "forwarding_url", "need the group"),
        ({"articles": "фейки об армии"}, "articles", "not understood"),
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
    assert "not split yet" in page  # the builder's name has no parts
    data = {
        **FORM,
        "surname": "Петров",
        "given_name": "Пётр",
        "patronymic": "",
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
    assert change.changes["surname"] == ["", "Петров"]
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
    # The same number in another group's list is another person.
    response = client.post(
        "/prisoners/new", data={**FORM, "external_id": "OVD-1", "external_source": "ovd_info"}
    )
    assert response.status_code == 302


def test_service_refuses_bad_data_with_a_domain_error(app):
    with pytest.raises(DomainError):
        services.apply(None, PrisonerData(name_ru=""), None, today=utcnow().date())


def test_the_envelope_puts_the_addressee_first_in_the_dative_with_the_year(app):
    prisoner = services.apply(
        None,
        PrisonerData(
            surname="Сидоров",
            given_name="Сидор",
            patronymic="Петрович",
            birth_date=date(1970, 1, 2),
            region="г. Москва",
            postal_code="101000",
            facility="ФКУ СИЗО-1",
            facility_country="RU",
        ),
        None,
        today=utcnow().date(),
    )
    envelope = services.envelope_for(prisoner, None, utcnow().date())
    assert envelope.to_lines == (
        "Сидорову Сидору Петровичу, 1970 г. р.",
        "ФКУ СИЗО-1",
        "г. Москва",
        "101000",
        "РОССИЯ",  # nobody said where it is posted from: both languages
        "RUSSIA",
    )
    assert envelope.postable and not envelope.year_unknown
