"""Read printed PDFs back: text per page (pypdf) and where each word sits (poppler).

Positions come from poppler's `pdftotext -bbox` (poppler-utils, which CI installs): a C
reader other than the one that wrote the file, and fast enough for a 100-page pack.
"""

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

MM = 72 / 25.4  # PDF points per millimetre
_NS = "{http://www.w3.org/1999/xhtml}"


def pages_text(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


def layout(pdf: bytes) -> list[Page]:
    """Every word of every page with its box, in points from the top left corner."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(
        [tool, "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    pages = []
    # Our own PDF through poppler, in a test: not untrusted input.
    root = ET.fromstring(out)  # noqa: S314
    for number, element in enumerate(root.iter(f"{_NS}page"), 1):
        words = [
            Word(
                number,
                word.text or "",
                *(float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")),
            )
            for word in element.iter(f"{_NS}word")
        ]
        pages.append(Page(float(element.get("width")), float(element.get("height")), words))
    return pages


def outside_safe_area(pages: list[Page], margin_mm: float = 8) -> list[tuple[Word, str, float]]:
    """Every word closer than `margin_mm` to an edge of its sheet, with the edge and mm."""
    strays = []
    for page in pages:
        for word in page.words:
            distances = {
                "left": word.x0,
                "right": page.width - word.x1,
                "top": word.top,
                "bottom": page.height - word.bottom,
            }
            edge, points = min(distances.items(), key=lambda item: item[1])
            if points < margin_mm * MM:
                strays.append((word, edge, round(points / MM, 1)))
    return strays


def overlapping(pages: list[Page]) -> list[tuple[Word, Word]]:
    """Words of two lines drawn over each other: a wrapped line printed across the next."""
    found = []
    for page in pages:
        words = sorted(page.words, key=lambda w: w.top)
        for i, word in enumerate(words):
            height = word.bottom - word.top
            for other in words[i + 1 :]:
                if other.top > word.bottom - 0.5 * height:
                    break
                if abs(other.top - word.top) < 0.2 * height:
                    continue  # the same line
                width = min(word.x1, other.x1) - max(word.x0, other.x0)
                if width > 0.3 * min(word.x1 - word.x0, other.x1 - other.x0):
                    found.append((word, other))
    return found


def flat(text: str) -> str:
    """Text with its line breaks as spaces (a wrapped hyphenated name joined again)."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def qr_codes(pdf: bytes, page: int = 1, dpi: int = 200) -> list[str]:
    """The QR codes on a page, as a phone would read them: poppler draws, zxing-cpp decodes."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    import zxingcpp
    from PIL import Image

    png = subprocess.run(
        # No output name: pdftoppm writes the one page's PNG to stdout.
        [tool, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png))
    return [
        code.text
        for code in zxingcpp.read_barcodes(image)
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]
