"""Rendered documents: kept by their content's key, never stale, purged with the names,
rendered by a worker when there is a broker ("preparing your PDF…" until it is there)."""

import io
import secrets
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from eventsite.auth.models import Role
from eventsite.core.tasks import init_app
from eventsite.extensions import db
from eventsite.rsvp.purge import purge_now, scrub
from eventsite.seating.services import choose_prisoner, create_tables, move_prisoner
from tests.builders import make_chapter, make_event, make_prisoner, make_rsvp, make_user
from tests.helpers import login
from tests.workers import REDIS_URL, Worker, require_redis, wait_until


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _cached(app, event) -> list[Path]:
    return sorted(Path(app.instance_path, "print-cache", str(event.id)).glob("*.pdf"))


@pytest.fixture
def host(app, client):
    chapter = make_chapter()
    event = make_event(chapter=chapter, title="Open letters", capacity=12)
    make_rsvp(event, name="Zoë Reader", email="zoe@example.org")
    login(client, make_user(chapter=chapter, role=Role.HOST).email)
    return event


def test_a_second_print_of_an_unchanged_sheet_is_the_cached_file(app, client, host):
    first = client.get(f"/events/{host.id}/print/signin.pdf")
    (kept,) = _cached(app, host)
    written = kept.stat().st_ino
    second = client.get(f"/events/{host.id}/print/signin.pdf")
    assert first.status_code == second.status_code == 200
    assert second.data == first.data == kept.read_bytes()
    # Not rendered again: a new render replaces the file (a new inode).
    assert _cached(app, host) == [kept] and kept.stat().st_ino == written


def test_a_changed_evening_is_printed_again_never_from_the_old_file(app, client, host):
    first = client.get(f"/events/{host.id}/print/signin.pdf")
    make_rsvp(host, name="Late Comer", email="late@example.org")
    second = client.get(f"/events/{host.id}/print/signin.pdf")
    assert "Late Comer" not in _text(first.data)
    assert "Late Comer" in _text(second.data)
    (kept,) = _cached(app, host)  # the older version is gone
    assert kept.read_bytes() == second.data


@pytest.mark.parametrize(
    "path",
    [
        "packs.pdf?new_sheets=1",
        "writer.pdf",
        "envelopes.pdf?size=c6",
        "envelopes.pdf?size=dl",
        "labels.pdf",
        "postcards.pdf",
        "birthdays.pdf",
        "run-sheet.pdf",
        "cards.pdf",
    ],
)
def test_every_document_is_kept_and_a_changed_one_printed_again(app, client, host, path):
    prisoner = make_prisoner()
    (table,) = create_tables(host, 1, 4)
    choose_prisoner(host, prisoner.id)
    move_prisoner(host, prisoner.id, table.id)
    db.session.commit()
    first = client.get(f"/events/{host.id}/print/{path}")
    assert first.status_code == 200, first.text
    (kept,) = _cached(app, host)
    written = kept.stat().st_ino
    assert client.get(f"/events/{host.id}/print/{path}").data == first.data
    assert _cached(app, host) == [kept] and kept.stat().st_ino == written  # not rendered again
    if path == "birthdays.pdf":
        return  # the poster shows no table: the label is not its data
    table.label = "Window"
    db.session.commit()
    third = client.get(f"/events/{host.id}/print/{path}")
    (renewed,) = _cached(app, host)
    assert renewed != kept and renewed.read_bytes() == third.data


def test_paper_and_language_are_documents_of_their_own(app, client, host):
    a4 = client.get(f"/events/{host.id}/print/signin.pdf?paper=a4").data
    letter = client.get(f"/events/{host.id}/print/signin.pdf?paper=letter").data
    russian = client.get(
        f"/events/{host.id}/print/signin.pdf?paper=a4", headers={"Accept-Language": "ru"}
    ).data
    assert len({a4, letter, russian}) == 3
    assert len(_cached(app, host)) == 3


@pytest.mark.dates
def test_the_purge_deletes_the_evenings_rendered_documents(app, client, host, frozen_now):
    assert client.get(f"/events/{host.id}/print/signin.pdf").status_code == 200
    assert _cached(app, host)
    _count, traces = purge_now(host, now=host.ends_at + (host.ends_at - host.starts_at))
    db.session.commit()
    scrub(traces)
    assert not Path(app.instance_path, "print-cache", str(host.id)).exists()


@pytest.mark.slow
def test_with_a_broker_a_worker_renders_and_the_page_waits_for_it(app, client, host):
    require_redis()
    app.config.update(
        CELERY_BROKER_URL=REDIS_URL,
        CELERY_QUEUE=f"test-{secrets.token_hex(4)}",
        PRINT_WAIT_SECONDS=0.2,  # no worker yet: waiting for one would be in vain
    )
    init_app(app)
    started = time.monotonic()
    waiting = client.get(f"/events/{host.id}/print/signin.pdf")
    assert time.monotonic() - started < 2  # the web waited its 0.2 s, then answered
    assert waiting.status_code == 202
    assert '<meta http-equiv="refresh" content="2">' in waiting.text
    assert waiting.headers["Retry-After"] == "2"
    assert "<script>" not in waiting.text
    assert "Preparing your PDF" in waiting.text
    assert _cached(app, host) == []  # nothing rendered in the web process
    worker = Worker(app, "printer")
    try:
        ready = _once_ready(client, f"/events/{host.id}/print/signin.pdf")
        # A small document: with a worker free, the first request answers the PDF itself,
        # however often the sheet changes (each change is a new file to render).
        app.config["PRINT_WAIT_SECONDS"] = 60
        for n in range(2):
            make_rsvp(host, name=f"Late Comer {n}", email=f"late{n}@example.org")
            db.session.commit()
            first = client.get(f"/events/{host.id}/print/signin.pdf")
            assert first.status_code == 200 and f"Late Comer {n}" in _text(first.data)
        packs = _once_ready(client, f"/events/{host.id}/print/packs.pdf")
        # The tables change: the packs printed before are rendered again, unasked.
        create_tables(host, 2, 6)
        db.session.commit()
        fresh = wait_until(lambda: _packs_named(app, host) - {_packs_named(app, host, packs)})
        again = client.get(f"/events/{host.id}/print/packs.pdf")
    finally:
        worker.stop()
    assert ready.mimetype == "application/pdf"
    assert "Zoë Reader" in _text(ready.data)
    assert "printing.render" in worker.output() and "printing.refresh" in worker.output()
    assert again.status_code == 200 and again.data != packs.data
    assert {_packs_named(app, host, again)} == fresh


def _once_ready(client, path):
    return wait_until(
        lambda: (answer := client.get(path)).status_code == 200 and answer, timeout=60, step=0.5
    )


def _packs_named(app, event, response=None):
    files = {p.name: p for p in _cached(app, event) if p.name.startswith("packs-")}
    if response is None:
        return set(files)
    (name,) = [n for n, p in files.items() if p.read_bytes() == response.data] or [None]
    return name
