"""The Russian catalog is complete and current, and templates show no English outside gettext."""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from eventsite.core.i18n import LANGUAGES
from eventsite.core.i18n_status import needs_work

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "eventsite" / "translations"
TEMPLATES = ROOT / "templates"
LOCALES = [lang for lang in LANGUAGES if lang != "en"]
FIX = "Run `make i18n-update`, translate the entries in {po}, then `make i18n-compile`."


def _po(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def _read_po(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _key(value):
    """Plural entries come back as lists from .mo files and as tuples from .po files."""
    return tuple(value) if isinstance(value, list | tuple) else value


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def _extract(tmp_path) -> Path:
    """Extract messages from the sources exactly as `make i18n-extract` does."""
    pybabel = shutil.which("pybabel", path=str(Path(sys.executable).parent)) or "pybabel"
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [pybabel, "-q", "extract", "-F", "babel.cfg"]
        + [arg for kw in ("_l", "lazy_gettext", "ngettext:1,2", "N_") for arg in ("-k", kw)]
        + ["-o", str(pot), "."],
        cwd=ROOT,
        check=True,
    )
    return pot


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    return _read_po(_extract(tmp_path_factory.mktemp("pot")))


@pytest.mark.parametrize("lang", LOCALES)
def test_every_message_is_translated(lang):
    pending = needs_work(_po(lang))
    assert not pending, (
        f"{len(pending)} message(s) lack a {lang} translation or are fuzzy:\n  "
        + "\n  ".join(pending)
        + "\n"
        + FIX.format(po=_po(lang).relative_to(ROOT))
    )


@pytest.mark.parametrize("lang", LOCALES)
def test_catalog_matches_the_sources(lang, sources):
    wanted, have = _ids(sources), _ids(_read_po(_po(lang)))
    new, gone = sorted(map(str, wanted - have)), sorted(map(str, have - wanted))
    report = [f"The {lang} catalog is out of date."]
    if new:
        report += ["In the code but not in the catalog:", *(f"  {m}" for m in new)]
    if gone:
        report += ["In the catalog but no longer in the code:", *(f"  {m}" for m in gone)]
    report.append(FIX.format(po=_po(lang).relative_to(ROOT)))
    assert not new and not gone, "\n".join(report)


@pytest.mark.parametrize("lang", LOCALES)
def test_compiled_catalog_matches_the_po_file(lang):
    po = _po(lang)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make i18n-compile` and commit it."
    with mo.open("rb") as f:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(f) if m.id}
    translated = {
        _key(m.id): _key(m.string) for m in _read_po(po) if m.id and m.string and not m.fuzzy
    }
    assert compiled == translated, f"{mo} is older than {po}: run `make i18n-compile`."


@pytest.mark.parametrize("lang", LOCALES)
def test_plural_entries_have_every_form_the_language_needs(lang):
    catalog = _read_po(_po(lang))
    wrong = [m.id[0] for m in catalog if m.pluralizable and len(m.string) != catalog.num_plurals]
    assert catalog.num_plurals == {"ru": 3}.get(lang, catalog.num_plurals)
    assert not wrong


def test_placeholders_survive_translation():
    """A translation must use the same %(name)s placeholders, or the page breaks at runtime."""
    placeholder = re.compile(r"%\(\w+\)[sd]")
    broken = []
    for lang in LOCALES:
        for m in _read_po(_po(lang)):
            if not m.id or not m.string:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            wanted = set(placeholder.findall(ids[-1]))
            for s in strings:
                # a plural form may drop %(num)d ("одно место"), but nothing else
                if set(placeholder.findall(s)) - wanted or wanted - set(placeholder.findall(s)) - {
                    "%(num)d"
                }:
                    broken.append(f"{lang}: {ids[0]!r} -> {s!r}")
    assert not broken, "\n".join(broken)


# --- English outside gettext in templates -------------------------------------------------

# Latin-script words that may appear as they are, and why.
ALLOWED_WORDS = {
    "A4": "a paper size, the same in every language",
    "CSV": "a file format",
    "XLSX": "a file format",
    "Excel": "the spreadsheet program's name",
    "PDF": "a file format",
    "ICS": "a file format",
    "iCal": "a calendar format",
    "RU": "language code on a badge for Russian readers; its title says it in words",
}
# Blocks whose content lands inside an HTML attribute, not in the text.
ATTRIBUTE_BLOCKS = re.compile(r"\{%-?\s*block\s+body_class\s*-?%\}.*?\{%-?\s*endblock", re.S)
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*")
CHECKED_ATTRS = {"title", "placeholder", "aria-label", "alt"}


class _TextFinder(HTMLParser):
    """Collect text a reader sees or hears: text nodes and a few attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        attrs = dict(attrs)
        for name in CHECKED_ATTRS:
            if attrs.get(name):
                self.found.append(attrs[name])
        is_button = tag == "button" or attrs.get("type") in ("submit", "button", "reset")
        if is_button and tag == "input" and attrs.get("value"):
            self.found.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.found.append(data)


def english_in(source: str, html: bool = True) -> list[str]:
    """Return the words of user-visible text in a template that gettext would not see."""
    text = JINJA.sub(" ", ATTRIBUTE_BLOCKS.sub(" ", source))
    if html:
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
        finder = _TextFinder()
        finder.feed(text)
        finder.close()
        chunks = finder.found
    else:
        chunks = [text]
    return [w for chunk in chunks for w in WORD.findall(chunk) if w not in ALLOWED_WORDS]


def test_the_finder_sees_text_attributes_and_plain_text_but_not_code():
    source = """{% if x %}<p class="lead" title="Hi there">Hello {{ name }}</p>{% endif %}
      <img alt="{{ _('Logo') }}"><input type="submit" value="Send"> {# note #}
      <!-- comment --><script>var a = 1;</script> A4 <span aria-label="Close">×</span>"""
    assert english_in(source) == ["Hi", "there", "Hello", "Send", "Close"]
    assert english_in("{{ _('Hi') }}\nDear {{ name }},", html=False) == ["Dear"]


@pytest.mark.parametrize(
    "template",
    sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*") if p.is_file()),
)
def test_template_has_no_english_outside_gettext(template):
    source = (TEMPLATES / template).read_text()
    words = english_in(source, html=not template.endswith(".txt"))
    assert not words, (
        f"templates/{template} shows English that is not translated: {words}. "
        'Wrap the text in {{ _("...") }} (see README, "Languages").'
    )
