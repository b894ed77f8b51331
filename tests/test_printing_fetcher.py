"""WeasyPrint may fetch our static files and nothing else: no network, no other files."""

import io
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from eventsite.printing.documents import packs_pdf
from eventsite.printing.render import (
    PRINT_ORIGIN,
    FetchRefused,
    StaticOnlyFetcher,
    clear_cache,
    html_to_pdf,
)
from tests.builders import print_evening, print_prisoner, print_table

PASSWD_LINE = "root:x:0:0"


@pytest.fixture
def server():
    """A local HTTP server that records every request it gets."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


def text_of(pdf: bytes) -> str:
    """Return the PDF's text without whitespace: long URLs wrap at any slash."""
    reader = PdfReader(io.BytesIO(pdf))
    assert not reader.attachments
    return squash(" ".join(page.extract_text() for page in reader.pages))


def squash(text: str) -> str:
    return "".join(text.split())


def test_remote_resources_in_a_template_are_never_requested(app, server, caplog):
    url, requests = server
    html = f"""<!doctype html><html><head>
      <link rel="stylesheet" href="{url}/style.css">
      <style>@import url("{url}/import.css"); body {{ background: url("{url}/bg.png") }}</style>
      </head><body><p>Привет</p><img src="{url}/pixel.png"><img src="https://example.org/x.png">
      <object data="{url}/object.svg"></object><link rel="attachment" href="{url}/file.txt">
      </body></html>"""
    with caplog.at_level(logging.WARNING, logger="eventsite.printing.render"):
        pdf = html_to_pdf(html)
    assert "Привет" in text_of(pdf)
    assert requests == []
    assert "refused" in caplog.text


def test_a_remote_image_planted_in_a_biography_is_printed_as_text(app, server):
    url, requests = server
    bio = f'<img src="{url}/tracker.png"> <link rel="stylesheet" href="{url}/x.css">'
    prisoner = print_prisoner(bio=bio)
    text = text_of(packs_pdf(print_evening(), [print_table(prisoners=[prisoner])]))
    assert squash(bio) in text
    assert requests == []


def test_local_files_outside_static_do_not_leak(app):
    bio = '<img src="file:///etc/passwd"> <a rel="attachment" href="file:///etc/passwd">x</a>'
    prisoner = print_prisoner(bio=bio, interests="file:///etc/passwd")
    text = text_of(packs_pdf(print_evening(), [print_table(prisoners=[prisoner])]))
    assert squash(bio) in text
    assert PASSWD_LINE not in text

    html = """<html><head><link rel="stylesheet" href="file:///etc/passwd">
      <link rel="attachment" href="file:///etc/passwd"></head>
      <body><p>x</p><img src="file:///etc/passwd"><object data="file:///etc/passwd"></object>
      <img src="/static/../../../../etc/passwd"></body></html>"""
    pdf = html_to_pdf(html)
    assert PASSWD_LINE not in text_of(pdf)
    assert PASSWD_LINE.encode() not in pdf


def test_our_font_is_served_and_embedded(app, caplog):
    clear_cache()  # load fonts through the fetcher again
    with caplog.at_level(logging.WARNING):
        pdf = html_to_pdf("<html><body><p>Щука и ёж · Hedgehog</p></body></html>")
    assert "cannot be loaded" not in caplog.text
    assert "refused" not in caplog.text
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(font.get_object()["/BaseFont"]) for font in fonts.values()]
    # WeasyPrint names embedded fonts after the @font-face family, which no system has.
    assert names
    assert all(name.endswith("+Letters-Sans") for name in names)
    assert "Щука и ёж · Hedgehog" in reader.pages[0].extract_text()


def test_root_relative_static_urls_resolve_to_files(app, caplog):
    html = '<html><body><img src="/static/favicon.svg" alt=""><p>ok</p></body></html>'
    with caplog.at_level(logging.WARNING):
        html_to_pdf(html)
    assert "refused" not in caplog.text
    assert "Failed to load" not in caplog.text


@pytest.fixture
def static(tmp_path):
    root = tmp_path / "static"
    (root / "css").mkdir(parents=True)
    (root / "css" / "print.css").write_text("p { color: black }")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "inner.css").symlink_to(root / "css" / "print.css")
    return root


@pytest.mark.parametrize(
    "url",
    [
        "file://{root}/css/print.css",
        "file://{root}/css/../css/print.css?v=1#x",
        "file://{root}/inner.css",  # a link that stays inside static/
        PRINT_ORIGIN + "/static/css/print.css",
        PRINT_ORIGIN + "/static/css/%70rint.css",
    ],
)
def test_fetcher_serves_static_files(static, url):
    response = StaticOnlyFetcher(static).fetch(url.format(root=static))
    assert response.read() == b"p { color: black }"
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://{root}/../secret.txt",
        "file://{root}/css/../../secret.txt",
        "file://{root}/link.txt",  # a link pointing out of static/
        "file://{root}/css",  # a folder
        "file://{root}/missing.css",
        "file://otherhost{root}/css/print.css",
        "file://{root}/css/print.css%00.png",
        PRINT_ORIGIN + "/static/../secret.txt",
        PRINT_ORIGIN + "/static/%2e%2e/secret.txt",
        PRINT_ORIGIN + "/static/..%2fsecret.txt",
        PRINT_ORIGIN + "/etc/passwd",
        "http://print.invalid/static/css/print.css",
        "https://example.org/static/css/print.css",
        "http://127.0.0.1:1/static/css/print.css",
        "ftp://example.org/x",
        "data:text/plain,hello",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "//example.org/x.png",
        "css/print.css",
    ],
)
def test_fetcher_refuses_everything_else(static, url):
    with pytest.raises(FetchRefused):
        StaticOnlyFetcher(static).fetch(url.format(root=static))


def test_fetcher_serves_the_shipped_fonts(app):
    font = Path(app.static_folder, "fonts", "LettersSans.woff2")
    response = StaticOnlyFetcher(app.static_folder).fetch(font.as_uri())
    assert response.read() == font.read_bytes()
    assert Path(app.static_folder, "fonts", "LICENSE-DejaVu.txt").is_file()
