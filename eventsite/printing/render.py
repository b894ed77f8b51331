"""Turn a print template into PDF bytes with WeasyPrint, fetching nothing but our static files."""

import atexit
import logging
import mimetypes
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from flask import current_app, has_request_context, render_template, request
from flask_babel import gettext as _

from eventsite.core.paper import PAGE_SIZES
from eventsite.printing import system

log = logging.getLogger(__name__)

# Relative and root-relative URLs in print templates (`url_for('static', ...)`) resolve
# against this origin; the fetcher maps it to files. `.invalid` never resolves in DNS,
# so even a fetcher bug could not reach a real host through it.
PRINT_ORIGIN = "https://print.invalid"
PRINT_CSS = "css/print.css"

# Pango and Fontconfig objects are not safe to share between threads; one render at a
# time per process keeps the cached font configuration usable by threaded servers.
_lock = threading.Lock()
_cache: dict = {}
# Drop the font configuration before interpreter shutdown: its finaliser needs modules
# that are already gone by then and would print an ignored exception.
atexit.register(_cache.clear)


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


def _assets(app, static_prefix: str):
    """Return the font configuration, fetcher and parsed stylesheets, built once per process."""
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
    with _lock:
        _cache.clear()


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
    _require_libraries()
    from weasyprint import HTML

    with _lock:
        assets = _assets(current_app, _static_prefix())
        document = HTML(string=html, base_url=PRINT_ORIGIN + "/", url_fetcher=assets["fetcher"])
        return document.write_pdf(
            stylesheets=[assets["css"], assets["pages"][paper]],
            font_config=assets["font_config"],
        )


def render_pdf(template_name: str, *, paper: str = "a4", **context) -> bytes:
    """Render `templates/<template_name>` and return the PDF bytes."""
    if paper not in PAGE_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    html = render_template(template_name, page_number_css=page_number_css(), **context)
    return html_to_pdf(html, paper)
