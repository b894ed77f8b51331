"""Sharing an evening: preview tags, a link to copy, a map for a public venue."""

import re
from html import unescape

import pytest

from eventsite.events.models import AddressVisibility, EventStatus
from tests.builders import make_chapter, make_event


def _meta(html: str) -> dict[str, str]:
    found = {}
    for attrs in re.findall(r"<meta ([^>]+)>", html):
        key = re.search(r'(?:property|name)="([^"]+)"', attrs)
        value = re.search(r'content="([^"]*)"', attrs)
        if key and value:
            found[key[1]] = unescape(value[1])
    return found


def test_an_evening_page_carries_a_preview_card(client):
    chapter = make_chapter(name="Letters from Riga", city="Riga", timezone="Europe/Riga")
    event = make_event(
        chapter=chapter,
        title="Postcards & tea",
        venue_name="Café Riga",
        address_visibility=AddressVisibility.PUBLIC,
    )
    page = client.get(f"/events/{event.id}").text
    meta = _meta(page)
    assert meta["og:title"] == meta["twitter:title"] == "Postcards & tea"
    assert meta["og:url"] == f"http://letters.test/events/{event.id}"
    assert f'<link rel="canonical" href="http://letters.test/events/{event.id}">' in page
    description = meta["og:description"]
    assert "(Riga time)" in description and "Letters from Riga" in description
    assert "Café Riga" in description and "Riga" in description
    assert re.search(r"\d{4}, \d", description)  # the date and the start time
    assert meta["twitter:card"] == "summary" and meta["og:site_name"] == "Letter evenings"


def test_a_preview_never_tells_an_address_kept_for_attendees(client):
    event = make_event(
        venue_name="Secret flat",
        venue_address="Geheimweg 5\n10115 Berlin",
        address_visibility=AddressVisibility.ATTENDEES,
    )
    page = client.get(f"/events/{event.id}").text
    head = page.split("</head>")[0]
    assert "og:description" in head
    assert "Geheimweg" not in page and "Secret flat" not in head
    assert "openstreetmap" not in page  # no map for an address kept back


def test_preview_links_come_from_base_url_not_the_host_header(client):
    event = make_event()
    page = client.get(f"/events/{event.id}", headers={"Host": "evil.example"})
    if page.status_code == 200:  # the host check may refuse it outright
        assert "evil.example" not in page.text
        assert _meta(page.text)["og:url"].startswith("http://letters.test/")


def test_a_cancelled_evening_says_so_in_its_preview(client):
    event = make_event(status=EventStatus.CANCELLED, title="Autumn cards")
    description = _meta(client.get(f"/events/{event.id}").text)["og:description"]
    assert description.startswith("Cancelled: ")


def test_a_chapter_page_carries_a_preview_card_and_a_link_to_copy(client):
    chapter = make_chapter(name="Postkarten Berlin", city="Berlin", slug="berlin")
    page = client.get("/c/berlin/").text
    meta = _meta(page)
    assert meta["og:title"] == "Postkarten Berlin"
    assert meta["og:url"] == "http://letters.test/c/berlin/"
    assert "Postkarten Berlin · Berlin" in meta["og:description"]
    assert 'id="share-link" type="url" readonly value="http://letters.test/c/berlin/"' in page
    assert chapter.slug == "berlin"


def test_the_copy_button_waits_for_scripts(client):
    event = make_event()
    page = client.get(f"/events/{event.id}").text
    button = re.search(r'<button type="button"[^>]*data-copy="share-link"[^>]*>', page)[0]
    assert " hidden" in button  # shown by static/js/copy.js; without it, select the field
    assert '<script src="/static/js/copy.js" defer></script>' in page
    assert "<script>" not in page  # nothing inline: the CSP allows none


@pytest.mark.parametrize(
    ("address", "query"),
    [
        ("Musterstraße 12\r\n10999 Berlin", "Musterstra%C3%9Fe%2012%2C%2010999%20Berlin"),
        ("Rustaveli 1 & 2\n  Tbilisi  ", "Rustaveli%201%20%26%202%2C%20Tbilisi"),
    ],
)
def test_a_public_venue_has_a_map_link(client, address, query):
    event = make_event(venue_address=address, address_visibility=AddressVisibility.PUBLIC)
    page = client.get(f"/events/{event.id}").text
    assert f'href="https://www.openstreetmap.org/search?query={query}"' in page
    assert "<iframe" not in page and "tile.openstreetmap" not in page
