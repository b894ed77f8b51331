"""Pages, forms, notes and email in the visitor's language: browser wish, then the footer switch."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from flask_babel import force_locale

from eventsite.auth.models import Role
from eventsite.extensions import db
from eventsite.rsvp.models import Rsvp
from eventsite.seating.notes import Note
from eventsite.seating.services import describe_notes
from tests.builders import make_chapter, make_event, make_prisoner, make_rsvp, make_user
from tests.helpers import login
from tests.smtp import SMTPServer

RUSSIAN = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def plain(text: str) -> str:
    """Babel puts no-break spaces in dates ("2030\u202fг."); compare them as spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT=3)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("wish", ["ru", "ru-RU", "ru-RU,ru;q=0.9,en;q=0.5", "de,ru;q=0.8"])
def test_a_browser_that_prefers_russian_gets_russian_pages(client, wish):
    page = client.get("/", headers={"Accept-Language": wish}).text
    assert '<html lang="ru">' in page
    assert "Вечера писем политзаключённым" in page
    assert "Мы храним минимум данных об участниках" in page
    assert "Letter-writing evenings" not in page

    page = client.get("/", headers=ENGLISH).text
    assert '<html lang="en">' in page and "Letter-writing evenings" in page


def test_without_a_preference_the_site_is_in_english(client):
    assert '<html lang="en">' in client.get("/").text


def test_the_footer_switch_is_remembered_and_wins_over_the_browser(client):
    response = client.get(
        "/language", query_string={"lang": "en", "next": "/?page=1"}, headers=RUSSIAN
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/?page=1")
    assert "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/", headers=RUSSIAN).text
    assert '<html lang="en">' in page and "Letter-writing evenings" in page

    client.get("/language", query_string={"lang": "ru", "next": "/"}, headers=ENGLISH)
    assert '<html lang="ru">' in client.get("/", headers=ENGLISH).text


def test_an_unknown_language_changes_nothing(client):
    response = client.get("/language", query_string={"lang": "xx", "next": "/"}, headers=RUSSIAN)
    assert "Set-Cookie" not in response.headers
    assert '<html lang="ru">' in client.get("/", headers=RUSSIAN).text


@pytest.mark.dates
def test_evening_dates_are_written_the_russian_way_in_the_chapters_time_zone(client):
    starts = datetime(2030, 12, 5, 17, 30, tzinfo=UTC)  # 18:30 in Berlin
    event = make_event(starts_at=starts, ends_at=starts + timedelta(hours=2, minutes=30))
    page = plain(client.get(f"/events/{event.id}", headers=RUSSIAN).text)
    assert "четверг, 5 декабря 2030 г., 18:30–21:00" in page
    assert "Thursday" not in page
    page = client.get(f"/events/{event.id}", headers=ENGLISH).text
    assert "Thursday, December 5, 2030" in page


@pytest.mark.parametrize(
    ("seats", "russian", "english"),
    [
        (1, "Осталось 1 место", "1 seat left"),
        (2, "Осталось 2 места", "2 seats left"),
        (5, "Осталось 5 мест", "5 seats left"),
        (11, "Осталось 11 мест", "11 seats left"),
        (21, "Осталось 21 место", "21 seats left"),
        (24, "Осталось 24 места", "24 seats left"),
    ],
)
def test_seats_left_use_the_right_plural_form(client, seats, russian, english):
    make_event(capacity=seats)
    assert russian in client.get("/", headers=RUSSIAN).text
    assert english in client.get("/", headers=ENGLISH).text


def test_waitlist_count_uses_the_right_plural_form(client):
    event = make_event(capacity=1)
    for _ in range(3):
        make_rsvp(event)
    assert "В листе ожидания 2 человека." in client.get(f"/events/{event.id}", headers=RUSSIAN).text


def test_form_labels_and_wtforms_own_messages_are_in_russian(client):
    event = make_event()
    page = client.get(f"/events/{event.id}/rsvp", headers=RUSSIAN).text
    assert "Имя или псевдоним" in page and "Я читаю и пишу по-русски" in page

    page = client.post(
        f"/events/{event.id}/rsvp", data={"name": "", "email": "not-an-email"}, headers=RUSSIAN
    ).text
    assert "Обязательное поле." in page  # WTForms' InputRequired, translated by WTForms
    assert "Неверный адрес электронной почты." in page
    assert "This field is required." not in page


def test_error_pages_are_in_russian(client):
    page = client.get("/no-such-page", headers=RUSSIAN)
    assert page.status_code == 404
    assert "Страница не найдена" in page.text


def test_seating_notes_show_dates_and_statuses_in_the_page_language(app):
    notes = (Note("birthday", date=date(2030, 12, 5), age=30), Note("status", status="released"))
    with app.test_request_context(), force_locale("ru"):
        birthday, status = map(plain, describe_notes(notes))
    assert birthday.startswith("День рождения 5 декабря 2030 г.")
    assert "(исполнится 30)" in birthday
    assert status == "Не в заключении (статус: На свободе)."
    with app.test_request_context(), force_locale("en"):
        assert describe_notes(notes[:1])[0].startswith("Birthday on December 5, 2030,")


@pytest.mark.dates
def test_a_russian_attendee_gets_a_russian_confirmation_with_a_calendar_file(
    app, client, smtp, time_machine
):
    time_machine.move_to(datetime(2030, 11, 20, 12, tzinfo=UTC))  # sign-up is still open
    starts = datetime(2030, 12, 5, 17, 30, tzinfo=UTC)
    event = make_event(title="Открытки", starts_at=starts, ends_at=starts + timedelta(hours=2))
    response = client.post(
        f"/events/{event.id}/rsvp",
        data={"name": "Катя", "email": "katya@example.org"},
        headers=RUSSIAN,
    )
    response.close()
    assert db.session.scalar(db.select(Rsvp.language)) == "ru"
    assert "Вы записаны! Место за вами." in client.get(response.headers["Location"]).text

    (message,) = smtp.inbox.to("katya@example.org")
    assert message["Subject"] == "Вы записаны: Открытки"
    parts = {part.get_content_type(): part for part in message.walk()}
    text = plain(parts["text/plain"].get_content())
    assert "Здравствуйте, Катя!" in text
    assert "Ваше место подтверждено." in text
    assert "четверг, 5 декабря 2030 г., 18:30–20:30" in text
    assert 'lang="ru"' in parts["text/html"].get_content()
    calendar = icalendar.Calendar.from_ical(parts["text/calendar"].get_content())
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Открытки"


def test_each_attendee_is_written_to_in_their_own_language(app, smtp):
    from eventsite.events import services as events
    from eventsite.mail.outbox import deliver_due

    event = make_event(title="Tea")
    make_rsvp(event, email="ru@example.org", language="ru")
    make_rsvp(event, email="en@example.org", language="en")
    events.cancel(event)
    db.session.commit()
    deliver_due()
    assert smtp.inbox.to("ru@example.org")[-1]["Subject"] == "Вечер отменён: Tea"
    assert smtp.inbox.to("en@example.org")[-1]["Subject"] == "Cancelled: Tea"


def test_an_invitation_is_written_in_the_inviting_organizers_language(app, client, smtp):
    chapter = make_chapter(name="Письма из Риги")
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    client.get("/language", query_string={"lang": "ru", "next": "/"})
    client.post(
        f"/manage/c/{chapter.slug}/invite", data={"email": "new@example.org", "role": "host"}
    ).close()
    (message,) = smtp.inbox.to("new@example.org")
    assert message["Subject"] == "Приглашение в группу «Письма из Риги»"


def _english_sentences() -> set[str]:
    """Every catalog msgid of a few words without placeholders: none may show on a Russian page."""
    from babel.messages.pofile import read_po

    from tests.test_i18n_catalog import _po

    with _po("ru").open("rb") as f:
        catalog = read_po(f)
    ids = (m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id)
    return {i for i in ids if " " in i and "%(" not in i and len(i) > 12}


def test_every_page_an_organizer_sees_is_in_russian(client):
    import html

    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.ORGANIZER).email)
    client.get("/language", query_string={"lang": "ru", "next": "/"})
    event = make_event(chapter)
    _rsvp, token = make_rsvp(event, reads_russian=True)
    prisoner = make_prisoner(tags=("women",), routes=("post", "electronic"))
    client.post(f"/manage/events/{event.id}/tables/add", data={"count": 2, "seats": 4})
    client.post(f"/manage/events/{event.id}/prisoners/{prisoner.id}/choose")
    client.post(f"/manage/events/{event.id}/tables/auto", data={})
    english = _english_sentences()
    pages = [
        "/",
        f"/c/{chapter.slug}/",
        f"/events/{event.id}",
        f"/events/{event.id}/rsvp",
        f"/rsvp/{token}",
        f"/rsvp/{token}/cancel",
        "/letter-check",
        "/directory",
        "/manage/",
        f"/manage/c/{chapter.slug}/",
        f"/manage/c/{chapter.slug}/settings",
        f"/manage/c/{chapter.slug}/events",
        f"/manage/c/{chapter.slug}/events/new",
        f"/manage/events/{event.id}",
        f"/manage/events/{event.id}/edit",
        f"/manage/events/{event.id}/prisoners",
        f"/manage/events/{event.id}/tables",
        "/prisoners/",
        f"/prisoners/{prisoner.id}",
        f"/prisoners/{prisoner.id}/edit",
        "/prisoners/new",
        "/prisoners/birthdays",
        "/prisoners/import",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = html.unescape(response.text)
        assert '<html lang="ru">' in text, path
        left = sorted(s for s in english if s in text)
        assert not left, f"{path} shows English: {left}"


@pytest.mark.slow
@pytest.mark.dates
def test_printed_sign_in_sheet_is_in_russian(client, time_machine):
    import io

    from pypdf import PdfReader

    time_machine.move_to(datetime(2030, 11, 20, 12, tzinfo=UTC))  # before the evening
    chapter = make_chapter()
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    client.get("/language", query_string={"lang": "ru", "next": "/"})
    starts = datetime(2030, 12, 5, 17, 30, tzinfo=UTC)
    event = make_event(chapter, starts_at=starts, ends_at=starts + timedelta(hours=2))
    make_rsvp(event, name="Катя")
    response = client.get(f"/events/{event.id}/print/signin.pdf")
    assert response.status_code == 200
    text = plain(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages))
    assert "Лист регистрации" in text
    assert "5 декабря 2030 г." in text
    assert "Пришли без записи" in text
    assert "Sign-in sheet" not in text
