"""Every page in Chromium, as each kind of visitor sees it, in English and Russian.

At 360 px (a small phone) no page scrolls sideways and no element sticks out of the
screen; axe-core (the npm package, read from `.ci/node/node_modules`, never served from
static/) finds no violation. The pages are those of the access matrix with the demo-like
data of the HTML check, plus a form sent back with errors.
"""

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsite.chapters.models import Chapter
from eventsite.extensions import db
from tests.builders import PASSWORD, make_user
from tests.livesrv import live_server
from tests.nodetools import require
from tests.test_html_valid import NOT_HTML, _more_data
from tests.test_security_matrix import ACCESS, _url, _world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.app_config(WTF_CSRF_ENABLED=True, SERVER_NAME=None),
]
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
WIDTH = 360
VISITORS = ("anonymous", "host", "organizer", "admin")  # the attendee: the token pages

# Elements wider than the screen, or reaching past its right edge; none may exist.
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || box.width <= 1) continue;  // hidden, or visually-hidden
    if (box.right > width + 1 || box.width > width + 1) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "");
      wide.push(`${name} (${Math.round(box.left)}–${Math.round(box.right)})`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, client: width, wide: wide.slice(0, 5)};
}"""

_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " — " + n.failureSummary),
  }));
}"""


def _urls(app, world) -> list[str]:
    urls = set()
    with app.test_request_context():
        for endpoint in ACCESS:
            method, url = _url(app, endpoint, world)
            if method == "GET" and not any(part in url for part in NOT_HTML):
                urls.add(url)
    return sorted(urls | {"/no-such-page"})


def _log_in(page, base, email):
    page.goto(f"{base}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))


def _submit(page, base, url, fill):
    page.goto(base + url)
    for selector, value in fill.items():
        page.locator(selector).fill(value)
    page.locator("main form:has(.field) button[type=submit]").first.click()
    page.wait_for_load_state()


def _failed_forms(visitor, world) -> dict[str, tuple[str, dict[str, str]]]:
    """Forms to send back with errors, as this visitor: label -> (url, fields to fill)."""
    event_id, slug = world["values"]["event_id"], world["values"]["slug"]
    forms = {
        "sign-up with errors": (f"/events/{event_id}/rsvp", {"#name": " ", "#email": "x"}),
    }
    if visitor == "anonymous":
        forms["login with errors"] = ("/login", {"#email": "nobody@example.org"})
    if visitor == "organizer":
        forms["new evening with errors"] = (f"/manage/c/{slug}/events/new", {"#title": " "})
        forms["chapter settings with errors"] = (f"/manage/c/{slug}/settings", {"#name": ""})
    return forms


def _sweep(app, browser, check) -> tuple[dict[str, object], set[str]]:
    """Run `check(page)` on every distinct page; return what it found, by page, and the
    labels of the forms seen with an error summary."""
    world = _world()
    _more_data(world)
    people = {**world["people"], "admin": make_user(is_admin=True)}
    # A second city, so the home page shows its city filter
    other = db.session.scalar(select(Chapter).where(Chapter.slug != world["values"]["slug"]))
    other.city = "Tbilisi"
    db.session.commit()
    urls = _urls(app, world)
    found: dict[str, object] = {}
    summaries: set[str] = set()
    seen: set[str] = set()
    with live_server(app) as base:
        for locale in ("en-GB", "ru-RU"):
            for visitor in VISITORS:
                context = browser.new_context(
                    viewport={"width": WIDTH, "height": 740},
                    is_mobile=True,
                    has_touch=True,
                    locale=locale,
                )
                page = context.new_page()
                page.set_default_timeout(15_000)
                if visitor != "anonymous":
                    _log_in(page, base, people[visitor].email)
                forms = _failed_forms(visitor, world)
                for url in [*urls, *forms]:
                    if url in forms:
                        _submit(page, base, *forms[url])
                        focused = page.evaluate("document.activeElement.className")
                        if focused == "error-summary":
                            summaries.add(url)
                    else:
                        page.goto(base + url)
                    html = page.content()
                    digest = hashlib.sha256(html.encode()).hexdigest()
                    if digest in seen or page.evaluate("document.contentType") != "text/html":
                        continue
                    seen.add(digest)
                    problem = check(page)
                    if problem:
                        found[f"{locale} {visitor} {url} -> {page.url[len(base) :]}"] = problem
                context.close()
    assert len(seen) > 100, len(seen)
    print(f"checked {len(seen)} distinct pages")
    ARTIFACTS.mkdir(exist_ok=True)
    report = json.dumps(found, ensure_ascii=False, indent=1)
    (ARTIFACTS / "browser-pages.json").write_text(report, encoding="utf-8")
    return found, summaries


def _axe_script() -> str:
    return (require("axe-core") / "axe.min.js").read_text(encoding="utf-8")


def test_axe_reports_what_it_should(page):
    """The check below can fail: axe names a button without a name."""
    page.set_content("<!doctype html><html lang=en><title>t</title><main><button></button></main>")
    page.evaluate(_axe_script())
    assert "button-name" in [v["id"] for v in page.evaluate(_AXE)]


def test_every_page_fits_a_small_phone_and_passes_axe(app, browser):
    script = _axe_script()

    def check(page):
        problems = {}
        # What folds away (cancel, edit a person, walk-in) must fit and pass too.
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        got = page.evaluate(_OVERFLOW)
        if got["scroll"] > got["client"] or got["wide"]:
            problems["overflow"] = got
        # Added through the DevTools protocol, not a <script> of ours: the CSP stays as is.
        page.evaluate(script)
        violations = page.evaluate(_AXE)
        if violations:
            problems["axe"] = violations
        return problems

    found, summaries = _sweep(app, browser, check)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    # every failed form starts with its summary, focused
    assert summaries == {
        "sign-up with errors",
        "login with errors",
        "new evening with errors",
        "chapter settings with errors",
    }, summaries
