"""Address confidence: letters that came back, status changes, checks, and what prints."""

import io
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import select

from eventsite.auth.models import Role
from eventsite.extensions import db, utcnow
from eventsite.prisoners import services
from eventsite.prisoners.models import (
    CustodyStatus,
    MailRoute,
    PrisonerChange,
    PrisonerStatus,
    Restriction,
    ReturnedLetter,
    UnconfirmedReason,
)
from eventsite.prisoners.services import PrisonerData
from eventsite.safety.prisoner import facts_from_record
from eventsite.seating.models import EventTable, TablePrisoner
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import login

NOW = "2026-12-01 12:00 +0000"
TODAY = date(2026, 12, 1)


def _prisoner(**overrides):
    fields = {
        "surname": "Сафронов",
        "given_name": "Иван",
        "patronymic": "Иванович",
        "birth_date": date(1990, 5, 17),
        "postal_code": "601446",
        "region": "Владимирская обл.",
        "town": "г. Покров",
        "street": "ул. Франца Штольверка, д. 10",
        "facility": "ФКУ ИК-2 УФСИН России по Владимирской обл.",
        "last_reviewed": date(2026, 11, 1),
    }
    fields.update(overrides)
    prisoner = services.apply(None, PrisonerData(**fields), None, today=TODAY)
    db.session.commit()
    return prisoner


@pytest.fixture
def chapter(app):
    return make_chapter(
        posts_from="DE", return_address="Letters from Berlin\nPostfach 12 34\n10999 Berlin"
    )


@time_machine.travel(NOW, tick=False)
def test_a_host_records_a_returned_letter_and_an_organizer_checks_it_again(app, client, chapter):
    prisoner = _prisoner()
    host = make_user(chapter=chapter, role=Role.HOST)
    login(client, host.email)
    page = client.get(f"/prisoners/{prisoner.id}").text
    assert "To (write exactly like this)" in page
    assert "RUSSLAND" in page and "ГЕРМАНИЯ" in page  # the chapter posts from Germany
    response = client.post(
        f"/prisoners/{prisoner.id}/returned",
        data={
            "returned_on": "2026-11-28",
            "reason": "moved",
            "note": "Выбыл",
            "chapter": str(chapter.id),
        },
    )
    assert response.status_code == 302
    db.session.refresh(prisoner)
    assert prisoner.address_unconfirmed_on == TODAY
    assert prisoner.address_unconfirmed_reason == UnconfirmedReason.RETURNED
    letter = db.session.scalar(select(ReturnedLetter))
    assert (letter.returned_on, letter.chapter_id, letter.recorded_by_id) == (
        date(2026, 11, 28),
        chapter.id,
        host.id,
    )
    page = client.get(f"/prisoners/{prisoner.id}").text
    assert "Address out of date: do not post" in page
    assert "To (write exactly like this)" not in page
    assert "unconfirmed since December 1, 2026 (a letter came back)" in page
    # A host may not check it; an organizer may.
    assert client.post(f"/prisoners/{prisoner.id}/checked").status_code == 404
    client.post("/logout")
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    assert client.post(f"/prisoners/{prisoner.id}/checked").status_code == 302
    db.session.refresh(prisoner)
    assert prisoner.address_unconfirmed_on is None and prisoner.last_reviewed == TODAY
    assert "To (write exactly like this)" in client.get(f"/prisoners/{prisoner.id}").text


def test_a_return_in_the_future_is_refused(app, client, chapter):
    prisoner = _prisoner()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    client.post(
        f"/prisoners/{prisoner.id}/returned",
        data={"returned_on": "2099-01-01", "reason": "moved", "chapter": str(chapter.id)},
    )
    db.session.refresh(prisoner)
    assert prisoner.address_unconfirmed_on is None
    assert db.session.scalar(select(ReturnedLetter)) is None


@pytest.mark.parametrize(
    "status",
    [
        PrisonerStatus.TRANSFERRED,
        PrisonerStatus.RELEASED,
        PrisonerStatus.DECEASED,
        PrisonerStatus.UNKNOWN,
    ],
)
def test_a_status_change_marks_the_address_until_it_is_checked(app, status):
    prisoner = _prisoner()
    data = PrisonerData(**{**services.current_values(prisoner), "status": status})
    services.apply(prisoner, data, None, today=TODAY)
    assert prisoner.address_unconfirmed_reason == UnconfirmedReason.STATUS
    # Back in prison at the same address: still unconfirmed until someone checks it.
    back = PrisonerData(**{**services.current_values(prisoner), "status": PrisonerStatus.ACTIVE})
    services.apply(prisoner, back, None, today=TODAY)
    assert not services.state_of(prisoner, TODAY).postable
    checked = PrisonerData(**services.current_values(prisoner), address_checked=True)
    services.apply(prisoner, checked, None, today=TODAY)
    assert services.state_of(prisoner, TODAY).postable
    assert db.session.scalars(select(PrisonerChange)).all()[-1].changes["address_unconfirmed_on"]


@time_machine.travel(NOW, tick=False)
def test_the_needs_checking_filter(app, client, chapter):
    _prisoner(surname="Свежий", last_reviewed=date(2026, 11, 1))
    _prisoner(surname="Старый", last_reviewed=date(2026, 6, 3))  # 181 days ago
    _prisoner(surname="Граничный", last_reviewed=date(2026, 6, 4))  # 180 days ago
    _prisoner(surname="Непроверенный", last_reviewed=None)
    returned = _prisoner(surname="Вернувшийся")
    services.record_returned_letter(
        returned,
        returned_on=TODAY,
        reason="moved",
        note="",
        chapter=None,
        user=None,
        today=TODAY,
    )
    db.session.commit()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    page = client.get("/prisoners/", query_string={"check": "address"}).text
    shown = {
        n for n in ("Свежий", "Старый", "Граничный", "Непроверенный", "Вернувшийся") if n in page
    }
    assert shown == {"Старый", "Непроверенный", "Вернувшийся"}
    review = client.get("/prisoners/review").text
    assert "Вернувшийся" in review and "Свежий Иван" not in review


@time_machine.travel(NOW, tick=False)
def test_the_pack_never_prints_an_unconfirmed_address_as_good(app, client, chapter):
    event = make_event(chapter=chapter)
    table = EventTable(event=event, label="1", seats=4)
    good = _prisoner(
        surname="Примерова",
        given_name="Алёна",
        patronymic="Фёдоровна",
        birth_date=None,
        birth_year=None,
        custody=CustodyStatus.PRETRIAL,
        restriction_codes=(Restriction.POSTCARDS_ONLY,),
        mail_routes=(MailRoute.POST, MailRoute.ELECTRONIC),
        reply_form=True,
        mail_notes="ФСИН-письмо доходит за неделю.",
    )
    moved = _prisoner(surname="Уехавший")
    db.session.add(table)
    db.session.flush()
    for p in (good, moved):
        db.session.add(TablePrisoner(event_id=event.id, prisoner_id=p.id, table_id=table.id))
    db.session.commit()
    # Chosen for the evening, then a letter came back.
    services.record_returned_letter(
        moved, returned_on=TODAY, reason="moved", note="", chapter=chapter, user=None, today=TODAY
    )
    db.session.commit()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    tables = client.get(f"/manage/events/{event.id}/tables").text
    assert "Before you print: out-of-date addresses" in tables and "Уехавший" in tables

    pdf = client.get(f"/events/{event.id}/print/packs.pdf").data
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    alena = next(p for p in pages if "Примерова Алёна Фёдоровна" in p and "Start with" in p)
    lines = alena.splitlines()
    for line in (
        "Примеровой Алёне Фёдоровне",  # no year: none is printed
        "601446",
        "РОССИЯ",
        "RUSSLAND",
        "GERMANY",
        "ГЕРМАНИЯ",
    ):
        assert line in lines, line
    assert "Year of birth unknown: check before posting." in alena
    assert "Здравствуйте, Алёна Фёдоровна!" in alena
    assert "Postcards only" in alena and "Pre-trial: write nothing about the case" in alena
    assert "needs a Russian bank card" in alena
    assert "ФСИН-письмо доходит за неделю." in alena  # mail notes print with the routes
    assert "A reply form can be bought" in alena
    assert "Address checked on November 1, 2026" in alena
    away = next(p for p in pages if p.startswith("Уехавший Иван Иванович"))
    assert "Address out of date: do not post" in away
    assert "To (write exactly like this)" not in away
    assert "ул. Франца Штольверка, д. 10" not in away


def test_the_letter_check_gets_the_prisoners_facts(app):
    prisoner = _prisoner(
        custody=CustodyStatus.PRETRIAL,
        restriction_codes=(Restriction.RUSSIAN_ONLY, Restriction.POSTCARDS_ONLY),
        restrictions="Без рисунков животных",
        case_name="Дело «Сети»",
        tags=("religion",),
    )
    facts = services.letter_check_facts(prisoner.id)
    assert facts.salutation == "Здравствуйте, Иван Иванович!"
    assert facts.pretrial and facts.restrictions == {
        Restriction.RUSSIAN_ONLY,
        Restriction.POSTCARDS_ONLY,
    }
    assert facts.restrictions_note == "Без рисунков животных"
    assert facts.case_name == "Дело «Сети»" and facts.tags == {"religion"}
    assert facts.parts.given_name == "Иван"
    assert services.letter_check_facts(prisoner.id + 1) is None
    # The letter check's own reading of the record sees the same structured fields.
    seen = facts_from_record(prisoner, private=True)
    assert seen.pre_trial and seen.postcards_only and seen.russian_only and seen.religious_case
    assert (seen.surname, seen.given_name, seen.patronymic) == ("Сафронов", "Иван", "Иванович")


def test_the_chapter_sets_where_it_posts_from(app, client):
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    page = client.get(f"/manage/c/{chapter.slug}/settings").text
    assert "We post letters from" in page
    data = {
        "name": chapter.name,
        "timezone": "Europe/Berlin",
        "postal_delay_days": "21",
        "paper_size": "a4",
        "posts_from": "GE",
    }
    assert client.post(f"/manage/c/{chapter.slug}/settings", data=data).status_code == 302
    db.session.refresh(chapter)
    assert chapter.posts_from == "GE"
    response = client.post(f"/manage/c/{chapter.slug}/settings", data={**data, "posts_from": "XX"})
    assert response.status_code == 200 and "Not a valid choice" in response.text
    prisoner = _prisoner()
    envelope = services.envelope_for(prisoner, chapter, utcnow().date())
    assert envelope.to_lines[-2:] == ("РОССИЯ", "RUSSIA")
