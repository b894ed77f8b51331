"""A form sent back with errors starts with a summary that links to each field."""

import re

from eventsite.auth.models import Role
from tests.builders import make_chapter, make_event, make_user
from tests.helpers import login


def _summary(html: str) -> str | None:
    found = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return found[0] if found else None


def test_a_failed_sign_up_lists_what_to_fix_with_links(client):
    event = make_event()
    page = client.post(f"/events/{event.id}/rsvp", data={"name": "  ", "email": "x"}).text
    summary = _summary(page)
    assert summary is not None
    assert 'role="alert" tabindex="-1"' in summary
    assert "Please correct 2 things:" in summary
    assert re.search(r'<a href="#name">Name or pseudonym: [^<]+</a>', summary)
    assert re.search(r'<a href="#email">Email: [^<]+</a>', summary)
    # before the fields, and the script that moves the focus comes with it
    assert page.index("error-summary") < page.index('id="name"')
    assert '<script src="/static/js/forms.js" defer></script>' in page


def test_a_form_without_errors_has_no_summary_and_no_script(client):
    event = make_event()
    page = client.get(f"/events/{event.id}/rsvp").text
    assert _summary(page) is None and "forms.js" not in page


def test_the_summary_speaks_russian(client):
    event = make_event()
    client.get("/language?lang=ru")
    page = client.post(f"/events/{event.id}/rsvp", data={"name": "Аня", "email": "x"}).text
    assert "Нужно исправить 1 поле:" in _summary(page)


def test_an_organizer_form_gets_one_too(client):
    chapter = make_chapter()
    organizer = make_user(chapter=chapter, role=Role.ORGANIZER)
    login(client, organizer.email)
    page = client.post(f"/manage/c/{chapter.slug}/settings", data={"name": ""}).text
    summary = _summary(page)
    assert summary is not None and 'href="#name"' in summary
