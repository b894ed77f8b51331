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


def copies_to_pdf(parts: Sequence[tuple[str, int]], paper: str = "a4") -> bytes:
    """Lay out each HTML part once and print its pages `copies` times, in order, as one PDF.

    For documents made of identical sheets (a writer's sheet per seat): layout is what
    costs, and a copy of a laid-out page costs almost nothing.
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
        documents = [
            (
                HTML(
                    string=glyphs.mark_missing(html, font),
                    base_url=PRINT_ORIGIN + "/",
                    url_fetcher=assets["fetcher"],
                ).render(**options),
                copies,
            )
            for html, copies in parts
        ]
        pages = [page for document, copies in documents for page in document.pages * copies]
        return documents[0][0].copy(pages).write_pdf()
    finally:
        lane.lock.release()


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
