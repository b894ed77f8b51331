"""Read an uploaded list into a table of text cells: CSV in any of the usual encodings, or a
spreadsheet (.xlsx, .ods, .xls) through python-calamine.

A CSV file's encoding is found by decoding it each way and asking which reading looks
like Russian (charset-normalizer's letter frequencies for Russian, words cased as words
are, no letters of other Cyrillic alphabets where Russian ones belong). A file that
looks like Russian in none of them is refused, never imported as garbage: KOI8-R read
as Windows-1251 once, and saved again, stays garbage in every encoding.
"""

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import python_calamine
from charset_normalizer.cd import characters_popularity_compare
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eventsite.errors import DomainError

MAX_ROWS = 20_000
ENCODINGS = ("utf_8", "cp1251", "koi8_r", "mac_cyrillic")
ENCODING_NAMES = {
    "utf_8": "UTF-8",
    "utf_16": "UTF-16",
    "cp1251": "Windows-1251",
    "koi8_r": "KOI8-R",
    "mac_cyrillic": "Mac Cyrillic",
}
_WORD = re.compile(r"[А-Яа-яЁё]+")
# Letters of Serbian and Macedonian and symbols that an 8-bit Cyrillic file read in the
# wrong code page puts where Russian letters were: in a Russian list they mean garble.
# (Symbols a list may hold for real — · ° § © — are left out, so a short file using one
# is not refused.)
_GARBLE = set("ЂЃѓЉЊЌЋЏђљњќћџЈјЅѕ€†‡‰™•∆√ƒ≈¬÷‹›ˆ˜")
_GARBLE |= {chr(c) for c in range(0x2500, 0x25A0)}  # box drawing: KOI8-R's upper half
_GARBLE_RE = re.compile("[" + re.escape("".join(sorted(_GARBLE))) + "]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SAVE_HINT = _l(
    "Open the file in the program it came from and save it again as “CSV UTF-8” "
    "(Excel: File → Save as → CSV UTF-8; LibreOffice: Save as → Text CSV, character set "
    "Unicode (UTF-8)), or upload the .xlsx or .ods file itself."
)


class ImportFileError(DomainError):
    """The file as a whole cannot be read."""


@dataclass
class Table:
    """A file read as text: the header, then each row with its line (or row) number."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    kind: str  # csv | xlsx | ods | xls
    encoding: str | None = None  # for CSV
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)


def read(raw: bytes, sheet: str | None = None) -> Table:
    """Read an upload: spreadsheets by their magic bytes, anything else as CSV text."""
    if not raw.strip():
        raise ImportFileError("empty_file", _("The file is empty."))
    kind = spreadsheet_kind(raw)
    if kind:
        return read_spreadsheet(raw, kind, sheet)
    text, encoding = decode(raw)
    table = read_csv(text)
    table.encoding = encoding
    return table


def spreadsheet_kind(raw: bytes) -> str | None:
    if raw.startswith(b"PK\x03\x04"):
        head = raw[:4096]
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head:
            return "ods"
        if b"opendocument" in head:
            raise ImportFileError(
                "not_a_sheet", _("This is an OpenDocument file but not a spreadsheet.")
            )
        return "xlsx"  # checked again when opened
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    return None


def decode(raw: bytes) -> tuple[str, str]:
    """Return the text of a CSV upload and the name of its encoding, or refuse it."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf_8"),
        (codecs.BOM_UTF16_LE, "utf_16"),
        (codecs.BOM_UTF16_BE, "utf_16"),
    ):
        if raw.startswith(bom):
            try:
                text = raw.decode("utf_8_sig" if encoding == "utf_8" else "utf_16")
            except UnicodeDecodeError as error:
                raise _encoding_error() from error
            return _checked(text, encoding), encoding
    utf16 = _utf16_without_bom(raw)
    if utf16:
        return _checked(raw.decode(utf16), "utf_16"), "utf_16"
    if b"\x00" in raw:
        raise ImportFileError(
            "binary", _("This does not look like a CSV text file. %(hint)s", hint=SAVE_HINT)
        )
    readings = []
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf_8":
            # Valid UTF-8 with Cyrillic is never an 8-bit file by accident.
            return _checked(text, encoding), encoding
        readings.append((russian_score(text), encoding, text))
    if not readings:
        raise _encoding_error()
    _score, encoding, text = max(readings, key=lambda r: r[0])
    return _checked(text, encoding), encoding


def _utf16_without_bom(raw: bytes) -> str | None:
    """Spot UTF-16 without a byte-order mark: every other byte is 0x00 (ASCII) or 0x04."""
    sample = raw[: 4000 - 4000 % 2]
    if len(sample) < 4:
        return None
    for name, high, low in (
        ("utf_16_le", sample[1::2], sample[0::2]),
        ("utf_16_be", sample[0::2], sample[1::2]),
    ):
        narrow = sum(1 for b in high if b in (0, 4)) / len(high)
        if narrow > 0.95 and high.count(0) / len(high) > 0.05 and low.count(0) / len(low) < 0.01:
            return name
    return None


def _encoding_error() -> ImportFileError:
    return ImportFileError(
        "encoding",
        _(
            "The file's encoding is not one we read (UTF-8, UTF-16, Windows-1251, KOI8-R, "
            "Mac Cyrillic). %(hint)s",
            hint=SAVE_HINT,
        ),
    )


def _checked(text: str, encoding: str) -> str:
    controls = len(_CONTROLS.findall(text))
    if controls > len(text) // 100:
        raise ImportFileError(
            "binary", _("This does not look like a CSV text file. %(hint)s", hint=SAVE_HINT)
        )
    if not looks_russian(text):
        raise ImportFileError(
            "garbled",
            _(
                "The Cyrillic text in this file does not look like Russian (read as %(encoding)s "
                "it starts “%(sample)s”): it was probably saved in a wrong encoding or converted "
                "twice. Nothing was imported. %(hint)s",
                encoding=ENCODING_NAMES[encoding],
                sample=_sample(text),
                hint=SAVE_HINT,
            ),
        )
    return text


def _sample(text: str) -> str:
    words = [w for w in re.split(r"[\s;,\t]+", text[:5000]) if _WORD.search(w)]
    return " ".join(words[:4])[:60]


def _excerpt(text: str) -> str:
    """Up to 150,000 characters from the start, middle and end: enough to judge a file."""
    if len(text) <= 150_000:
        return text
    middle = len(text) // 2
    return text[:50_000] + text[middle - 25_000 : middle + 25_000] + text[-50_000:]


def _measures(text: str) -> tuple[int, float, float, float]:
    """Cyrillic letters, share of well-cased words, garble per letter, Russian letter order."""
    text = _excerpt(text)
    words = _WORD.findall(text)
    letters = sum(map(len, words))
    if not letters:
        return 0, 1.0, 0.0, 0.0
    well_cased = sum(1 for w in words if w.islower() or w.isupper() or w.istitle()) / len(words)
    garble = len(_GARBLE_RE.findall(text)) / letters
    counts = Counter("".join(words).lower())
    ordered = [ch for ch, _n in counts.most_common()]
    popularity = characters_popularity_compare("Russian", ordered) if letters >= 40 else 0.5
    return letters, well_cased, garble, popularity


def russian_score(text: str) -> float:
    """How much a text reads like Russian: 0 (garble) to about 2."""
    letters, well_cased, garble, popularity = _measures(text)
    return well_cased + popularity - 10 * garble if letters else 0.0


def looks_russian(text: str) -> bool:
    letters, well_cased, garble, popularity = _measures(text)
    if letters < 4:
        return True  # nothing Cyrillic to judge; the name checks will speak
    if well_cased < 0.8 or garble > 0.005:
        return False
    return letters < 200 or popularity >= 0.3


def read_csv(text: str) -> Table:
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, [])
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            _count(rows)
            rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as error:
        raise ImportFileError(
            "bad_csv",
            _("Line %(line)d cannot be read as CSV: %(error)s", line=reader.line_num, error=error),
        ) from error
    return Table(header=[h.strip().lstrip("\ufeff") for h in header], rows=rows, kind="csv")


def _count(rows) -> None:
    if len(rows) >= MAX_ROWS:
        raise ImportFileError(
            "too_many_rows", _("The file has more than %(n)d rows; split it.", n=MAX_ROWS)
        )


def read_spreadsheet(raw: bytes, kind: str, sheet: str | None = None) -> Table:
    """Read the first sheet (or the one named, or numbered from 1) of a workbook."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except (python_calamine.CalamineError, ValueError, OSError) as error:
        raise ImportFileError(
            "bad_spreadsheet",
            _(
                "This spreadsheet cannot be opened (%(error)s). Save it again and retry.",
                error=str(error)[:120],
            ),
        ) from error
    names = list(workbook.sheet_names)
    if not names:
        raise ImportFileError("no_sheets", _("The spreadsheet has no sheets."))
    chosen = _choose_sheet(names, sheet)
    try:
        values = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=True)
    except python_calamine.CalamineError as error:
        raise ImportFileError(
            "bad_spreadsheet",
            _(
                "The sheet “%(sheet)s” cannot be read (%(error)s).",
                sheet=chosen,
                error=str(error)[:120],
            ),
        ) from error
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    for number, cells in enumerate(values, start=1):
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue
        if header is None:
            header = texts
            continue
        _count(rows)
        rows.append((number, texts))
    return Table(header=header or [], rows=rows, kind=kind, sheet=chosen, sheets=names)


def _choose_sheet(names: list[str], wanted: str | None) -> str:
    if not wanted or not wanted.strip():
        return names[0]
    wanted = wanted.strip()
    for name in names:
        if name.casefold() == wanted.casefold():
            return name
    if wanted.isdigit() and 1 <= int(wanted) <= len(names):
        return names[int(wanted) - 1]
    raise ImportFileError(
        "no_such_sheet",
        _(
            "The spreadsheet has no sheet “%(sheet)s”. Its sheets: %(names)s.",
            sheet=wanted[:60],
            names=", ".join(names)[:300],
        ),
    )


def cell_text(value) -> str:
    """A spreadsheet cell as text: typed dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (time, timedelta)):
        return ""
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
