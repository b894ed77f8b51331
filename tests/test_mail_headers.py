"""Headers mail clients read: subjects that decode back exactly, replies to the chapter.

Each subject is decoded by CPython's email package (default and compat32 policies)
and by Node's mailparser, whose RFC 2047 decoder shares no code with CPython's.
"""

from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import EmailMessage

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from eventsite.events import services as events
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.mail.outbox import SMTP_POLICY
from eventsite.rsvp import services as rsvps
from tests.builders import make_chapter, make_event, make_rsvp, make_user
from tests.helpers import outbox_raw
from tests.nodetools import mailparser

TITLES = [
    # Long Cyrillic: CPython 3.11/3.12 fold this with spaces outside the encoded words.
    "Очень длинное название вечера писем политзаключённым, чтобы проверить перенос строк "
    "в заголовке письма и пробелы между словами",
    # Mixed scripts.
    "Letter evening «Письма в Сибирь» — Berlin, Café Zukunft (Kreuzberg) & friends, "
    "открытки ко дню рождения",
    # Punctuation, look-alike encoded words, symbols.
    'Вечер: "кавычки", (скобки), [квадратные]; тире — многоточие… =?utf-8?q?fake?= № 5 '
    "#1 @home 50% ½ ✉ 📮 🎂",
    # Many short words: a fold lands next to a space again and again.
    " ".join(["я", "и", "a", "ё"] * 20),
]


# The messages stay in the outbox to be read (without a broker they would go at the commit).
pytestmark = pytest.mark.app_config(TASKS_EMBEDDED_SKIP=["mail.deliver"])


def _raw(kind: str) -> list[bytes]:
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    )
    return [outbox_raw(row) for row in rows]


def _decoded_by_cpython(raw: bytes) -> tuple[str, str]:
    modern = str(message_from_bytes(raw, policy=policy.default)["Subject"])
    legacy = str(
        make_header(decode_header(message_from_bytes(raw, policy=policy.compat32)["Subject"]))
    )
    return modern, legacy


def test_long_cyrillic_mixed_and_punctuation_subjects_decode_back_exactly(app):
    chapter = make_chapter(contact_email="berlin@example.org")
    expected = []
    for title in TITLES:
        event = make_event(chapter=chapter, title=title)
        make_rsvp(event, language="ru")
        with force_locale("ru"):
            expected.append(_("You are signed up: %(title)s", title=title))
    raws = _raw("rsvp_confirmed")
    assert len(raws) == len(TITLES)
    for raw, subject in zip(raws, expected, strict=True):
        assert _decoded_by_cpython(raw) == (subject, subject)
        header_lines = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        assert max(len(line) for line in header_lines) <= 78
    for parsed, subject in zip(mailparser(raws), expected, strict=True):
        assert parsed["subject"] == subject


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(
            st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
            min_size=1,
            max_size=12,
        )
        .map(str.strip)
        .filter(bool),
        min_size=1,
        max_size=30,
    ).map(" ".join)
)
def test_any_one_line_subject_survives_the_round_trip(subject):
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = subject
    message.set_content("x")
    raw = message.as_bytes(policy=SMTP_POLICY)
    assert _decoded_by_cpython(raw) == (subject, subject)


def test_mail_is_auto_generated_with_replies_to_the_chapter(app):
    event = make_event(chapter=make_chapter(contact_email="berlin@example.org"))
    make_rsvp(event)
    (raw,) = _raw("rsvp_confirmed")
    message = message_from_bytes(raw, policy=policy.default)
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Reply-To"] == "berlin@example.org"
    assert "List-Unsubscribe" not in message
    (parsed,) = mailparser([raw])
    assert parsed["autoSubmitted"] == "auto-generated"
    assert parsed["replyTo"] == ["berlin@example.org"]
    assert parsed["listUnsubscribe"] is False


def test_no_reply_to_without_a_chapter_contact(app):
    make_rsvp(make_event(chapter=make_chapter(contact_email="")))
    (raw,) = _raw("rsvp_confirmed")
    message = message_from_bytes(raw, policy=policy.default)
    assert "Reply-To" not in message
    assert message["Auto-Submitted"] == "auto-generated"


@pytest.mark.parametrize(("accept", "expected"), [("ru-RU,ru;q=0.9", "ru"), ("en-GB", "en")])
def test_password_reset_mail_is_in_the_language_it_was_asked_in(app, client, accept, expected):
    user = make_user(email="org@example.org")
    app.config["TASKS_EMBEDDED_SKIP"] = [
        "mail.deliver"
    ]  # keep the message in the outbox to read it
    response = client.post(
        "/password/forgot", data={"email": user.email}, headers={"Accept-Language": accept}
    )
    response.close()  # the link is mailed once the answer is sent
    assert response.status_code == 302
    (raw,) = _raw("password_reset")
    message = message_from_bytes(raw, policy=policy.default)
    with force_locale(expected):
        subject = _("Choose a new password for Letter evenings")
    assert message["Subject"] == subject
    body = message.get_body(("plain",)).get_content()
    assert ("Откройте" in body or "пароль" in body) is (expected == "ru")


def test_every_attendee_mail_is_in_the_attendees_language(app):
    event = make_event(capacity=1)
    seated, _token = make_rsvp(event, language="ru")
    make_rsvp(event, language="ru")  # waitlisted
    rsvps.cancel_rsvp(seated.id)  # own cancellation, and a promotion
    db.session.commit()
    events.cancel(event)
    db.session.commit()
    rows = db.session.scalars(select(OutboxMessage)).all()
    assert {row.kind for row in rows} >= {
        "rsvp_confirmed",
        "rsvp_waitlisted",
        "rsvp_cancelled",
        "rsvp_promoted",
        "event_cancelled",
    }
    for row in rows:
        message = message_from_bytes(outbox_raw(row), policy=policy.default)
        text = message.get_body(("plain",)).get_content()
        assert "Здравствуйте" in text or "Привет" in text, row.kind
        assert any("а" <= ch <= "я" for ch in message["Subject"]), row.kind


def test_cancellation_mail_links_to_the_chapter_page_in_both_parts(app):
    chapter = make_chapter(slug="berlin")
    event = make_event(chapter=chapter)
    make_rsvp(event)
    events.cancel(event)
    db.session.commit()
    (raw,) = _raw("event_cancelled")
    message = message_from_bytes(raw, policy=policy.default)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "http://letters.test/c/berlin/" in text
    assert 'href="http://letters.test/c/berlin/"' in html
    assert f"/events/{event.id}" not in text.split("Other evenings")[1]
