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
VISITORS = ("anonymous", "host", "organizer", "admin")

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


def _failed_forms(page, base, world) -> list[str]:
    """Forms sent back with errors: the sign-up, and the login."""
    event_id = world["values"]["event_id"]
    page.goto(f"{base}/events/{event_id}/rsvp")
    page.locator("#email").fill("x")
    page.locator("main form.stack button[type=submit]").first.click()
    page.wait_for_load_state()
    return [f"/events/{event_id}/rsvp (with errors)"]


def _sweep(app, browser, check) -> dict[str, object]:
    """Run `check(page)` on every distinct page; return what it found, by page."""
    world = _world()
    _more_data(world)
    people = {**world["people"], "admin": make_user(is_admin=True)}
    db.session.commit()
    urls = _urls(app, world)
    found: dict[str, object] = {}
    seen: set[str] = set()
    visited = 0
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
                for url in [*urls, "rsvp-errors"]:
                    if url == "rsvp-errors":
                        _failed_forms(page, base, world)
                    else:
                        page.goto(base + url)
                    html = page.content()
                    digest = hashlib.sha256(html.encode()).hexdigest()
                    if digest in seen or page.evaluate("document.contentType") != "text/html":
                        continue
                    seen.add(digest)
                    visited += 1
                    problem = check(page)
                    if problem:
                        found[f"{locale} {visitor} {url} -> {page.url[len(base) :]}"] = problem
                context.close()
    assert visited > 60, visited
    print(f"checked {visited} distinct pages")
    ARTIFACTS.mkdir(exist_ok=True)
    report = json.dumps(found, ensure_ascii=False, indent=1)
    (ARTIFACTS / f"{check.__name__}.json").write_text(report, encoding="utf-8")
    return found


def test_no_page_scrolls_sideways_on_a_small_phone(app, browser):
    def overflow(page):
        got = page.evaluate(_OVERFLOW)
        if got["scroll"] > got["client"] or got["wide"]:
            return got
        return None

    found = _sweep(app, browser, overflow)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_axe_finds_no_violation_on_any_page(app, browser):
    script = (require("axe-core") / "axe.min.js").read_text(encoding="utf-8")

    def axe(page):
        # Added through the DevTools protocol, not a <script> of ours: the CSP stays as is.
        page.evaluate(script)
        return page.evaluate(_AXE)

    found = _sweep(app, browser, axe)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
