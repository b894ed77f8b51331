"""Every page, as anonymous visitors, hosts, organizers and admins see it, passes vnu.

The Nu HTML checker (vnu.jar from the npm package `vnu-jar`, run on Java) checks all
pages in one batch: one Java start. Mail HTML parts are checked too. Without java or
the jar the test is skipped with the reason; under CI=true it fails instead.
"""

import hashlib
import json
import re
import subprocess
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from eventsite.events import services as events
from eventsite.events.models import Event
from eventsite.extensions import db
from eventsite.mail.models import OutboxMessage
from eventsite.mail.outbox import RENDERERS
from eventsite.rsvp import messages
from eventsite.rsvp.services import cancel_rsvp
from tests.builders import PASSWORD, make_event, make_prisoner, make_rsvp, make_tally, make_user
from tests.nodetools import vnu_jar
from tests.test_security_matrix import ACCESS, _url, _world

VISITORS = ("anonymous", "host", "organizer", "admin")
# Pages that only answer a POST well, or a file: nothing for vnu to read.
NOT_HTML = (".ics", ".csv", ".xlsx", ".pdf", "/static/", "/healthz", "/language/")


def _more_data(world) -> None:
    """Demo-like variety: a full evening with a waitlist, a cancelled one, tallies."""
    event_id = world["values"]["event_id"]
    event = db.session.get(Event, event_id)
    for n in range(3):
        make_rsvp(event, name=f"Гость {n}", note="Первый раз", reads_russian=n % 2 == 0)
    gone, _ = make_rsvp(event)
    cancel_rsvp(gone.id)
    prisoner = make_prisoner(tags=("women", "journalists"), writer_notes="Любит кошек")
    make_tally(event, prisoner, letters=3, postcards=1)
    cancelled = make_event(chapter=event.chapter, title="Отменённый вечер")
    make_rsvp(cancelled)
    events.cancel(cancelled)
    messages.send(
        event_id, None, subject="Завтра", body="Возьмите ручку.\nЧай за нами.", with_waitlist=True
    )
    db.session.commit()


def _token(client, url: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).text)[1]


def _login(client, email: str) -> None:
    data = {"email": email, "password": PASSWORD, "csrf_token": _token(client, "/login")}
    assert client.post("/login", data=data).status_code == 302


def _pages(app, world) -> dict[str, str]:
    """URL as seen by a visitor -> HTML, one copy of each distinct page."""
    people = {**world["people"], "admin": make_user(is_admin=True)}
    urls = set()
    for endpoint in ACCESS:
        method, url = _url(app, endpoint, world)
        if method == "GET" and not any(part in url for part in NOT_HTML):
            urls.add(url)
    urls |= {"/no-such-page", f"/events/{world['values']['event_id']}/rsvp"}
    pages, seen = {}, set()
    for visitor in VISITORS:
        client = app.test_client()
        if visitor != "anonymous":
            _login(client, people[visitor].email)
        for url in sorted(urls):
            response = client.get(url)
            if response.mimetype != "text/html" or response.status_code in (301, 302, 303):
                continue
            digest = hashlib.sha256(response.data).hexdigest()
            if digest not in seen:
                seen.add(digest)
                pages[f"{visitor} {url} ({response.status_code})"] = response.text
        # A form sent back with errors, as each kind of visitor sees it.
        form = f"/events/{world['values']['event_id']}/rsvp"
        bad = client.post(form, data={"email": "x", "csrf_token": _token(client, form)})
        pages[f"{visitor} RSVP form with errors ({bad.status_code})"] = bad.text
    return pages


def _mail_pages() -> dict[str, str]:
    found = {}
    for row in db.session.scalars(select(OutboxMessage)):
        if row.raw is None and row.params is None:
            continue  # purged
        # A compact row (mail to everyone of an evening) is rendered as delivery would.
        raw = row.raw or RENDERERS[row.kind](row.rsvp_id, row.params, row.message_id).as_bytes()
        message = message_from_bytes(raw, policy=policy.default)
        html = message.get_body(("html",))
        if html is not None:
            found.setdefault(f"mail {row.kind}", html.get_content())
    return found


def vnu_errors(pages: dict[str, str], folder) -> dict[str, list[str]]:
    jar = vnu_jar()
    names = {}
    for n, (label, html) in enumerate(pages.items()):
        path = folder / f"page-{n:03d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = label
    done = subprocess.run(
        ["java", "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(done.stderr)["messages"]:
        if message["type"] != "error":
            continue
        label = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
        errors.setdefault(label, []).append(
            f"line {message.get('lastLine')}: {message['message']} "
            f"[{message.get('extract', '').strip()[:80]}]"
        )
    return errors


@pytest.mark.app_config(WTF_CSRF_ENABLED=True, TASKS_EMBEDDED_SKIP=["mail.deliver"])
# With CSRF on, as in production: every form carries its token field.
@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_vnu_finds_no_error_on_any_page(app, tmp_path):
    jar = vnu_jar()  # skip (or fail on CI) before building anything
    assert jar.exists()
    world = _world()
    _more_data(world)
    pages = _pages(app, world)
    pages.update(_mail_pages())
    assert len(pages) > 40, sorted(pages)
    folder = tmp_path / "pages"
    folder.mkdir()
    errors = vnu_errors(pages, folder)
    print(f"vnu checked {len(pages)} distinct pages and mails")
    assert not errors, json.dumps(errors, ensure_ascii=False, indent=1)
