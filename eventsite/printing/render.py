"""Turn a print template into PDF bytes with WeasyPrint, fetching nothing but our static files."""

import atexit
import logging
import mimetypes
import re
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from flask import current_app, has_request_context, render_template, request
from flask_babel import gettext as _

from eventsite.core.paper import PAGE_SIZES
from eventsite.printing import glyphs, system

log = logging.getLogger(__name__)

# Relative and root-relative URLs in print templates (`url_for('static', ...)`) resolve
# against this origin; the fetcher maps it to files. `.invalid` never resolves in DNS,
# so even a fetcher bug could not reach a real host through it.
PRINT_ORIGIN = "https://print.invalid"
PRINT_CSS = "css/print.css"
PRINT_FONT = "fonts/LettersSans.woff2"  # the regular face; the bold one covers the same set


class PrintBusy(RuntimeError):
    """Big documents are queued longer than PRINT_QUEUE_SECONDS: try again soon."""


class _Lane:
    """One render at a time, with its own font configuration and parsed stylesheets.

    Pango and Fontconfig objects are not safe to share between threads, so each lane
    keeps its own and renders one document at a time. Big documents (a whole evening's
    packs) go through the "big" lane and wait in line there; small ones (a sign-in
    sheet, one table's pack) have a lane of their own and never wait behind a big one.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.cache: dict = {}


LANES = {"small": _Lane(), "big": _Lane()}
_big: ContextVar[bool] = ContextVar("big_document", default=False)
# Drop the font configurations before interpreter shutdown: their finalisers need
# modules that are already gone by then and would print an ignored exception.
for _lane in LANES.values():
    atexit.register(_lane.cache.clear)


@contextmanager
def big_document(big: bool = True):
    """Render the documents built inside this block in the big documents' lane."""
    token = _big.set(big)
    try:
        yield
    finally:
        _big.reset(token)


class PrintingUnavailable(RuntimeError):
    """The system libraries WeasyPrint needs are not installed."""

    def __init__(self, packages: list[str]):
        super().__init__(f"missing system libraries: {', '.join(packages)}")
        self.packages = packages
        self.command = system.install_command(packages)


def _require_libraries() -> None:
    """Raise PrintingUnavailable unless WeasyPrint can load Pango and HarfBuzz."""
    missing = system.missing_packages()
    if set(missing) & set(system.REQUIRED):
        raise PrintingUnavailable(missing)


class FetchRefused(ValueError):
    """A print document asked for something outside our static folder."""


class StaticOnlyFetcher:
    """A WeasyPrint URL fetcher that serves files under `static/` and refuses the rest."""

    def __init__(self, static_folder: str | Path, static_prefix: str = "/static/"):
        self.root = Path(static_folder).resolve()
        self.prefix = static_prefix if static_prefix.endswith("/") else static_prefix + "/"
        self._fail_on_errors = False  # WeasyPrint reads this: a refused URL is skipped

    def path_for(self, url: str) -> Path:
        """Return the static file `url` names, or raise FetchRefused."""
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            candidate = Path(url2pathname(unquote(parts.path)))
        elif f"{parts.scheme}://{parts.netloc}" == PRINT_ORIGIN and parts.path.startswith(
            self.prefix
        ):
            candidate = self.root / unquote(parts.path[len(self.prefix) :])
        else:
            raise FetchRefused(f"refused to fetch {url[:200]!r}: not one of our static files")
        try:
            # resolve() follows symlinks, so a link pointing out of static/ is refused too.
            resolved = candidate.resolve(strict=True)
        except (OSError, ValueError, RuntimeError) as error:
            raise FetchRefused(f"refused to fetch {url[:200]!r}: no such static file") from error
        if not resolved.is_relative_to(self.root) or not resolved.is_file():
            raise FetchRefused(f"refused to fetch {url[:200]!r}: outside the static folder")
        return resolved

    def fetch(self, url: str, headers=None):
        """Return the file as WeasyPrint wants it; anything else raises."""
        from weasyprint.urls import URLFetcherResponse

        try:
            path = self.path_for(url)
        except FetchRefused:
            log.warning("Print fetcher refused %.200r", url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    __call__ = fetch


def _static_prefix() -> str:
    script_root = request.script_root if has_request_context() else ""
    return f"{script_root}{current_app.static_url_path}/"


def _assets(app, static_prefix: str, _cache: dict):
    """Return the font configuration, fetcher and stylesheets, built once per lane and process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    css_path = Path(app.static_folder, PRINT_CSS)
    # The stylesheet's mtime is in the key so edits show up without a restart.
    key = (app.static_folder, static_prefix, css_path.stat().st_mtime_ns)
    if _cache.get("key") != key:
        font_config = FontConfiguration()
        fetcher = StaticOnlyFetcher(app.static_folder, static_prefix)
        common = {"font_config": font_config, "url_fetcher": fetcher}
        _cache.clear()
        _cache.update(
            key=key,
            font_config=font_config,
            fetcher=fetcher,
            css=CSS(filename=str(css_path), **common),
            pages={
                paper: CSS(string=f"@page {{ size: {size} }}", **common)
                for paper, size in PAGE_SIZES.items()
            },
        )
    return _cache


def clear_cache() -> None:
    """Forget the parsed stylesheets and fonts; the next render loads them again."""
    for lane in LANES.values():
        with lane.lock:
            lane.cache.clear()


def css_string(text: str) -> str:
    """Quote `text` as a CSS string that cannot close its <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped.replace(chr(10), " ")}"'


def page_number_css() -> str:
    """Return the footer rule: the running title, then "page X of Y" in the current language."""
    label = _("page %(page)s of %(pages)s", page="\x01", pages="\x02")
    counters = {"\x01": "counter(page)", "\x02": "counter(pages)"}
    pieces = re.split("([\x01\x02])", label)
    content = " ".join(counters.get(piece) or css_string(piece) for piece in pieces if piece)
    return f'@page {{ @bottom-left {{ content: string(running) "  ·  " {content} }} }}'


def html_to_pdf(html: str, paper: str = "a4") -> bytes:
    """Lay out HTML from our print templates as PDF; inside an app context."""
    return copies_to_pdf([(html, 1)], paper)


@contextmanager
def _lane_layout(paper: str):
    """Hold this render's lane; yield `lay_out(html)` (HTML to a laid-out document) and
    the lane's assets.

    One render at a time per lane (Pango is not thread-safe); waiting too long in the
    big lane raises PrintBusy. Layouts use the lane's parsed stylesheets and fonts.
    """
    _require_libraries()
    from weasyprint import HTML

    font = Path(current_app.static_folder or "", PRINT_FONT)
    lane = LANES["big" if _big.get() else "small"]
    if not lane.lock.acquire(timeout=current_app.config.get("PRINT_QUEUE_SECONDS", 60)):
        raise PrintBusy("big documents are queued")
    try:
        assets = _assets(current_app, _static_prefix(), lane.cache)
        options = {
            "stylesheets": [assets["css"], assets["pages"][paper]],
            "font_config": assets["font_config"],
        }

        def lay_out(html: str):
            return HTML(
                string=glyphs.mark_missing(html, font),
                base_url=PRINT_ORIGIN + "/",
                url_fetcher=assets["fetcher"],
            ).render(**options)

        yield lay_out, assets
    finally:
        lane.lock.release()


def copies_to_pdf(parts: Sequence[tuple[str, int]], paper: str = "a4") -> bytes:
    """Lay out each HTML part once and print its pages `copies` times, in order, as one PDF.

    For documents made of identical sheets (a writer's sheet per seat): layout is what
    costs, and a copy of a laid-out page costs almost nothing.
    """
    with _lane_layout(paper) as (lay_out, _assets_of_lane):
        documents = [(lay_out(html), copies) for html, copies in parts]
        pages = [page for document, copies in documents for page in document.pages * copies]
        return documents[0][0].copy(pages).write_pdf()


def render_pdf(template_name: str, *, paper: str = "a4", **context) -> bytes:
    """Render `templates/<template_name>` and return the PDF bytes."""
    return render_copies(template_name, [({}, 1)], paper=paper, **context)


def render_copies(
    template_name: str, parts: Sequence[tuple[dict, int]], *, paper: str = "a4", **context
) -> bytes:
    """Render the template once per part (its own context over `context`), pages repeated."""
    if paper not in PAGE_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    numbers = page_number_css()
    htmls = [
        (render_template(template_name, page_number_css=numbers, **context, **own), copies)
        for own, copies in parts
    ]
    return copies_to_pdf(htmls, paper)


# Laid-out inserts kept per lane, newest last; a few (language x paper) is all we print.
INSERT_CACHE_SIZE = 8
INSERT_MARK = "insert-"


def _marker(page) -> int | None:
    """The slot page index a page of the main document carries (`insert-<n>-<k>`), if any."""
    for name in page.anchors:
        if name.startswith(INSERT_MARK):
            return int(name.rsplit("-", 1)[1])
    return None


def _eyebrow_bottom(page) -> float | None:
    """Where the first `.eyebrow` line of a page ends: the slot and the insert must agree."""
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is not None and "eyebrow" in (element.get("class") or "").split():
            return box.position_y + box.margin_height()
    return None


def _overlay(slot_page, insert_page):
    """A page with the slot page's boxes (eyebrow, footer) and the insert's content over it."""
    from weasyprint.document import Page
    from weasyprint.formatting_structure.boxes import MarginBox

    slot_box = slot_page._page_box
    content = [child for child in slot_box.children if not isinstance(child, MarginBox)]
    margins = [child for child in slot_box.children if isinstance(child, MarginBox)]
    inserted = [c for c in insert_page._page_box.children if not isinstance(c, MarginBox)]
    page = Page(slot_box.copy_with_children([*content, *inserted, *margins]))
    page.anchors = {k: v for k, v in page.anchors.items() if not k.startswith(INSERT_MARK)}
    return page


def render_with_insert(
    template_name: str,
    insert_template: str,
    *,
    paper: str = "a4",
    insert_context: dict,
    **context,
) -> bytes:
    """Render a document whose repeated part (the writing guide) is laid out once and reused.

    `insert_template` is a document of its own; it is laid out once per exact HTML
    (language, paper, guide text and template are all in that HTML, so the cache cannot
    serve anything stale) and kept in the lane. The main template gets `insert_pages`,
    the insert's page count, and prints in its place a slot of as many pages: one
    `id="insert-<n>-<k>"` marker on page k, with whatever differs per copy (the table's
    eyebrow). The footers, running titles and page numbers come from the slots, laid
    out in the real document, so they stay right; the insert's content is drawn over
    them. With `insert_pages=0` the template prints the part itself (the fallback).
    """
    if paper not in PAGE_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    numbers = page_number_css()
    insert_html = render_template(insert_template, **{"paper": paper, **insert_context})
    font = Path(current_app.static_folder or "", PRINT_FONT)
    with _lane_layout(paper) as (lay_out, assets):
        inserts = assets.setdefault("inserts", {})
        key = (paper, font.stat().st_mtime_ns, insert_html)
        insert = inserts.pop(key, None) or lay_out(insert_html)
        inserts[key] = insert
        while len(inserts) > INSERT_CACHE_SIZE:
            inserts.pop(next(iter(inserts)))

        count = len(insert.pages)
        html = render_template(
            template_name, page_number_css=numbers, insert_pages=count, **context
        )
        main = lay_out(html)
        pages, markers = [], []
        for page in main.pages:
            k = _marker(page)
            if k is None:
                pages.append(page)
                continue
            markers.append(k)
            if k >= count:
                break
            if k == 0 and _eyebrow_bottom(page) != _eyebrow_bottom(insert.pages[0]):
                break  # a label that wrapped: the insert would not line up
            pages.append(_overlay(page, insert.pages[k]))
        else:
            if markers == list(range(count)) * (len(markers) // max(count, 1)):
                return main.copy(pages).write_pdf()
        # The slots did not come out as planned: print the part in place, laid out each time.
        html = render_template(template_name, page_number_css=numbers, insert_pages=0, **context)
        return lay_out(html).write_pdf()
