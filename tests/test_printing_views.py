"""The print URLs: right documents from the evening's data, paper, names, and who may print."""

import io
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.prisoners.models import Prisoner, PrisonerStatus
from eventsite.seating.models import EventTable, TablePrisoner
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import login

PATHS = ["signin.pdf", "packs.pdf", "tally.pdf", "cards.pdf", "tables/{tid}/pack.pdf"]


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def evening(app):
    chapter = make_chapter(paper_size="a4", return_address="Letters from Riga\nPK 7\nLV-1050 Riga")
    event = make_event(chapter=chapter, title="Вечер писем", capacity=12)
    table = EventTable(event=event, label="Окно", seats=6)
    prisoner = Prisoner(
        name_ru="Иванова Мария Сергеевна",
        name_latin="Ivanova Mariia Sergeevna",
        status=PrisonerStatus.ACTIVE,
        birth_date=date(1980, 4, 2),
        postal_code="660075",
        region="Красноярский край",
        town="г. Красноярск",
        street="ул. Республики, д. 72",
        facility="ФКУ СИЗО-1 ГУФСИН России по Красноярскому краю",
        bio="<script>alert(1)</script>",
        interests="книги",
    )
    db.session.add_all([table, prisoner])
    db.session.flush()
    db.session.add(TablePrisoner(event_id=event.id, prisoner_id=prisoner.id, table_id=table.id))
    db.session.commit()
    rsvp, _ = make_rsvp(event, name="Zoë Reader", email="zoe@example.org", note="secret note")
    rsvp.table_id = table.id
    db.session.commit()
    return chapter, event, table


def test_documents_carry_the_evenings_data(evening, client):
    chapter, event, table = evening
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    signin = client.get(f"/events/{event.id}/print/signin.pdf")
    assert signin.mimetype == "application/pdf"
    assert signin.headers["Cache-Control"] == "private, no-store"
    text = _text(signin)
    assert "Zoë Reader" in text and "Окно" in text
    assert "zoe@example.org" not in text and "secret note" not in text and "@" not in text

    packs = _text(client.get(f"/events/{event.id}/print/packs.pdf"))
    for line in [
        "Иванова Мария Сергеевна, 1980 г. р.",
        "ФКУ СИЗО-1 ГУФСИН России по Красноярскому краю",
        "ул. Республики, д. 72",
        "г. Красноярск",
        "Красноярский край",
        "660075",
        "РОССИЯ",
        "RUSSIA",
        "LV-1050 Riga",
    ]:
        assert line in packs.splitlines()
    assert "<script>alert(1)</script>" in packs  # printed as text, not run
    table_pack = client.get(f"/events/{event.id}/print/tables/{table.id}/pack.pdf")
    assert "Иванова Мария Сергеевна" in _text(table_pack)
    assert "Окно" in _text(client.get(f"/events/{event.id}/print/cards.pdf"))
    assert "Иванова Мария Сергеевна" in _text(client.get(f"/events/{event.id}/print/tally.pdf"))


def test_paper_follows_the_chapter_and_the_query(evening, client):
    chapter, event, _table = evening
    login(client, make_user(chapter=chapter, role=Role.HOST).email)

    def size(query=""):
        page = PdfReader(
            io.BytesIO(client.get(f"/events/{event.id}/print/signin.pdf{query}").data)
        ).pages[0]
        return round(float(page.mediabox.width)), round(float(page.mediabox.height))

    assert size() == (595, 842)
    assert size("?paper=letter") == (612, 792)
    assert client.get(f"/events/{event.id}/print/signin.pdf?paper=legal").status_code == 400


@pytest.mark.dates
def test_file_names_carry_the_date_and_table(evening, client):
    chapter, event, table = evening
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    day = event.starts_at.astimezone(ZoneInfo(chapter.timezone)).date()
    disposition = client.get(f"/events/{event.id}/print/packs.pdf").headers["Content-Disposition"]
    assert f"packs-{day.isoformat()}.pdf" in disposition
    disposition = client.get(f"/events/{event.id}/print/tables/{table.id}/pack.pdf").headers[
        "Content-Disposition"
    ]
    assert day.isoformat() in disposition


def test_evening_without_tables_still_prints_a_sign_in_sheet(app, client):
    chapter = make_chapter()
    event = make_event(chapter=chapter, capacity=30)
    make_rsvp(event, name="Lone Person")
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    text = _text(client.get(f"/events/{event.id}/print/signin.pdf"))
    assert "Lone Person" in text
    assert "29" in text  # blank rows for walk-ins up to the free seats
    packs = _text(client.get(f"/events/{event.id}/print/packs.pdf"))
    assert "table" in packs.lower()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("who", ["anonymous", "other_organizer", "other_host"])
def test_print_urls_are_404_outside_the_chapter(evening, app, client, path, who):
    _chapter, event, table = evening
    if who != "anonymous":
        role = Role.ORGANIZER if who == "other_organizer" else Role.HOST
        login(client, make_user(chapter=make_chapter(), role=role).email)
    response = client.get(f"/events/{event.id}/print/" + path.format(tid=table.id))
    if who == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 404
    assert response.mimetype != "application/pdf"


def test_a_table_of_another_evening_is_404(evening, client):
    chapter, event, _table = evening
    other = make_event(chapter=chapter)
    foreign = EventTable(event=other, label="X", seats=2)
    db.session.add(foreign)
    db.session.commit()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    assert client.get(f"/events/{event.id}/print/tables/{foreign.id}/pack.pdf").status_code == 404


NEW_PATHS = [
    "tables/{tid}/cards.pdf",
    "tables/{tid}/writer.pdf",
    "writer.pdf",
    "envelopes.pdf?size=c6",
    "envelopes.pdf?size=dl",
    "labels.pdf",
    "postcards.pdf?paper=letter",
    "birthdays.pdf",
    "run-sheet.pdf",
]


@pytest.mark.parametrize("path", NEW_PATHS)
def test_the_new_documents_print_the_evenings_data(evening, client, path):
    chapter, event, table = evening
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    response = client.get(f"/events/{event.id}/print/" + path.format(tid=table.id))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = _text(response)
    if "birthdays" in path:
        assert "Birthdays coming up" in text
    elif "writer" in path:
        assert "Writing guide" in text
    else:
        assert "Иванова Мария Сергеевна" in text or "660075" in text


def test_an_unknown_envelope_size_is_a_bad_request(evening, client):
    chapter, event, _table = evening
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    assert client.get(f"/events/{event.id}/print/envelopes.pdf?size=b4").status_code == 400


@pytest.mark.parametrize(
    "page", ["/manage/events/{eid}/tables", "/manage/events/{eid}/tables/{tid}"]
)
def test_tables_pages_link_to_each_tables_pack_cards_and_writers_sheet(evening, client, page):
    chapter, event, table = evening
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    html = client.get(page.format(eid=event.id, tid=table.id)).get_data(as_text=True)
    base = f"/events/{event.id}/print/tables/{table.id}"
    for link in (
        f"{base}/pack.pdf",
        f"{base}/pack.pdf?new_sheets=1",
        f"{base}/cards.pdf",
        f"{base}/writer.pdf",
    ):
        assert f'href="{link}"' in html
    pdf = client.get(f"{base}/pack.pdf?new_sheets=1")
    assert pdf.status_code == 200


@pytest.mark.dates
def test_the_birthday_poster_lists_post_by_dates_in_the_next_six_weeks(app, client, frozen_now):
    from datetime import timedelta

    from eventsite.events.timeutil import to_local

    chapter = make_chapter(postal_delay_days=14)
    event = make_event(chapter=chapter)
    day = to_local(event.starts_at, chapter.timezone).date()

    def born(birthday):
        # 32 years back keeps leap years leap: 29 February stays a real day.
        return birthday.replace(year=birthday.year - 32)

    soon = day + timedelta(days=14 + 3)  # post by three days after the evening
    late = day + timedelta(days=14 + 50)  # post-by seven weeks away: not yet
    past = day + timedelta(days=14 - 2)  # post-by two days before the evening: missed
    for name, birthday in (("Скорая Анна", soon), ("Поздний Иван", late), ("Прошлый Пётр", past)):
        db.session.add(
            Prisoner(
                name_ru=name,
                name_latin=name,
                status=PrisonerStatus.ACTIVE,
                birth_date=born(birthday),
            )
        )
    db.session.commit()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    text = _text(client.get(f"/events/{event.id}/print/birthdays.pdf"))
    assert "Скорая Анна" in text
    assert "Поздний Иван" not in text
    assert "Прошлый Пётр" not in text
