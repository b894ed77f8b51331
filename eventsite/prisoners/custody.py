"""Custody as lists write it: articles of the Criminal Code, facility types, status words."""

import re
from dataclasses import dataclass

from eventsite.prisoners.kinds import CustodyStatus, FacilityType, PrisonerStatus

CODES = {"RU": "УК РФ", "BY": "УК РБ", "KZ": "УК РК"}
_CODE_WORDS = (
    (re.compile(r"УК\s*(?:РБ|Р\.\s*Б\.|Республики\s+Беларусь|Беларуси)", re.I), "УК РБ"),
    (re.compile(r"УК\s*(?:РК|Республики\s+Казахстан|Казахстана)", re.I), "УК РК"),
    (re.compile(r"КоАП(?:\s*РФ)?", re.I), "КоАП РФ"),
    (re.compile(r"УК\s*(?:РФ|России)|Criminal\s+Code|\bCC\s*RF\b|\bUK\s*RF\b", re.I), "УК РФ"),
)

_ITEM = re.compile(
    r"""
    (?:п(?:ункт|\.|\s)\s*[«"'“„]?(?P<point>[а-яё])[»"'”“]?\s*,?\s*)?
    (?:(?:ч|част[ьи]|part)\.?\s*(?P<part>\d{1,2})\s*,?\s*)?
    (?:ст(?:ать[яиейю])?\.?|art(?:icle)?s?\.?)?\s*
    (?P<article>\d{2,3}(?:\.\d{1,2})?)(?![\d.]*\d)
    (?:\s*\((?P<part2>\d{1,2})\))?
    (?:\s*,?\s*(?:ч|част[ьи]|part)\.?\s*(?P<part3>\d{1,2})(?!\s*(?:ст|art|\d)))?
    (?:\s*,?\s*п(?:ункт|\.)\s*[«"'“„]?(?P<point2>[а-яё])[»"'”“]?+(?!\s*(?:ч|ст)))?
    """,
    re.I | re.X,
)
_PARENS = re.compile(r"\([^()]{3,}\)")
_LEFTOVER_NOISE = re.compile(r"[\s,;.:/+&–—-]+|\b(?:и|and|УК|РФ|РБ|РК|КоАП|России)\b", re.I)


@dataclass(frozen=True, slots=True)
class Article:
    """One article of a criminal code: «п. «а» ч. 2 ст. 205.2 УК РФ»."""

    article: str
    part: str = ""
    point: str = ""
    code: str = "УК РФ"

    def __str__(self) -> str:
        pieces = [
            f"п. «{self.point}»" if self.point else "",
            f"ч. {self.part}" if self.part else "",
            f"ст. {self.article}",
            self.code,
        ]
        return " ".join(p for p in pieces if p)

    def as_dict(self) -> dict:
        return {"article": self.article, "part": self.part, "point": self.point, "code": self.code}

    @classmethod
    def from_dict(cls, data: dict) -> "Article":
        return cls(
            article=str(data.get("article", "")),
            part=str(data.get("part", "") or ""),
            point=str(data.get("point", "") or ""),
            code=str(data.get("code", "") or "УК РФ"),
        )


def parse_articles(text: str, country: str = "RU") -> tuple[tuple[Article, ...], str]:
    """Read a list of articles; return them and whatever text could not be read.

    A code named after some articles («ч. 2 ст. 207.3, ст. 280.3 УК РФ») applies to the
    ones before it; without one, the code of the facility's country is meant.
    """
    text = " ".join((text or "").split())
    if not text:
        return (), ""
    # Explanations in brackets («(„фейки“ об армии)») are not articles.
    bare = _PARENS.sub(" ", text)
    found: list[tuple[int, int, Article]] = []
    for match in _ITEM.finditer(bare):
        part = match["part"] or match["part2"] or match["part3"] or ""
        point = (match["point"] or match["point2"] or "").lower()
        found.append((match.start(), match.end(), Article(match["article"], part, point, "")))
    codes = [(m.start(), code) for pattern, code in _CODE_WORDS for m in pattern.finditer(bare)]
    default = CODES.get(country, "УК РФ")
    articles = []
    for _start, end, article in found:
        following = sorted((at, code) for at, code in codes if at >= end)
        code = following[0][1] if following else default
        articles.append(Article(article.article, article.part, article.point, code))
    leftover = bare
    for start, end, _article in reversed(found):
        leftover = leftover[:start] + " " + leftover[end:]
    for pattern, _code in _CODE_WORDS:
        leftover = pattern.sub(" ", leftover)
    leftover = _LEFTOVER_NOISE.sub(" ", leftover).strip()
    unique = tuple(dict.fromkeys(articles))
    return unique, leftover


def format_articles(articles) -> str:
    return "; ".join(str(a) for a in articles)


# Facility names say what they are; the order matters (ПФРСИ is a СИЗО room in a colony).
_FACILITY_WORDS = (
    (re.compile(r"домашн\w*\s+арест|house\s+arrest", re.I), FacilityType.HOUSE_ARREST),
    (re.compile(r"\bэтап|in\s+transit", re.I), FacilityType.TRANSIT),
    (
        re.compile(r"\bСИЗО\b|\bПФРСИ\b|\bИЗ[-\s]?\d|следственн\w+\s+изолятор|pre-?trial", re.I),
        FacilityType.SIZO,
    ),
    (re.compile(r"\bИВС\b|временного\s+содержания", re.I), FacilityType.IVS),
    (re.compile(r"психиатр|psychiatr", re.I), FacilityType.PSYCH),
    (re.compile(r"\bЛИУ\b|ЛПУ\b|\bКТБ\b|лечебн\w+\s+исправительн|больниц", re.I), FacilityType.LIU),
    (re.compile(r"\bКП\b|\bКП[-\s№]*\d|поселени|\bИУОТ\b", re.I), FacilityType.KP),
    (re.compile(r"\bВК\b|\bВК[-\s№]*\d|воспитательн", re.I), FacilityType.VK),
    (re.compile(r"тюрьм|\bТ[-\s]?\d\b|prison\b", re.I), FacilityType.PRISON),
    (
        re.compile(r"\bИК\b|\bИК[-\s№]*\d|исправительн\w+\s+колони|колони|colony", re.I),
        FacilityType.IK,
    ),
)


def facility_type_of(text: str) -> FacilityType | None:
    """Return the type a facility's name says (ФКУ СИЗО-1 … → СИЗО), or None."""
    for pattern, kind in _FACILITY_WORDS:
        if pattern.search(text or ""):
            return kind
    return None


@dataclass(frozen=True, slots=True)
class StatusWords:
    """What a list's status cell («в СИЗО», «осуждён», «на этапе») says."""

    status: PrisonerStatus
    custody: CustodyStatus | None = None
    facility_type: FacilityType | None = None


_STATUS_WORDS = (
    (r"^(active|активн\w*)$", StatusWords(PrisonerStatus.ACTIVE)),
    (r"освобожд|на\s+свобод|вышел|вышла|released|\bfree\b", StatusWords(PrisonerStatus.RELEASED)),
    (r"умер|погиб|скончал|deceased|\bdied\b|\bdead\b", StatusWords(PrisonerStatus.DECEASED)),
    (r"неизвестн|unknown|нет\s+данных", StatusWords(PrisonerStatus.UNKNOWN)),
    (r"переведен|переведён|transferred", StatusWords(PrisonerStatus.TRANSFERRED)),
    (
        r"домашн\w*\s+арест|house\s+arrest",
        StatusWords(PrisonerStatus.ACTIVE, CustodyStatus.PRETRIAL, FacilityType.HOUSE_ARREST),
    ),
    (r"этап|in\s+transit", StatusWords(PrisonerStatus.ACTIVE, None, FacilityType.TRANSIT)),
    (
        r"психиатр|принудительн\w+\s+лечени|psychiatr",
        StatusWords(PrisonerStatus.ACTIVE, CustodyStatus.OTHER, FacilityType.PSYCH),
    ),
    (
        r"\bИВС\b",
        StatusWords(PrisonerStatus.ACTIVE, CustodyStatus.PRETRIAL, FacilityType.IVS),
    ),
    (
        r"СИЗО|под\s+страж|арестован|следстви|до\s+суда|pre-?trial|remand",
        StatusWords(PrisonerStatus.ACTIVE, CustodyStatus.PRETRIAL, FacilityType.SIZO),
    ),
    (
        r"колони|\bИК\b|осужд|отбыва|приговор|sentenced|serving|colony",
        StatusWords(PrisonerStatus.ACTIVE, CustodyStatus.SENTENCED),
    ),
    (
        r"в\s+заключени|в\s+тюрьм|in\s+prison|detained|imprisoned",
        StatusWords(PrisonerStatus.ACTIVE),
    ),
)
_STATUS_PATTERNS = tuple((re.compile(p, re.I), words) for p, words in _STATUS_WORDS)


def read_status(text: str) -> StatusWords | None:
    """Return what a status cell means, or None when it says nothing we know."""
    text = " ".join((text or "").split()).replace("ё", "е").replace("Ё", "Е")
    if not text:
        return StatusWords(PrisonerStatus.ACTIVE)
    for pattern, words in _STATUS_PATTERNS:
        if pattern.search(text):
            if words.custody == CustodyStatus.SENTENCED and re.search(r"колони|colony", text, re.I):
                return StatusWords(words.status, words.custody, FacilityType.IK)
            return words
    return None


_CUSTODY_WORDS = (
    (
        r"^pretrial$|до\s+суда|под\s+следств|следстви|обвиня|подозрева|pre-?trial|remand",
        CustodyStatus.PRETRIAL,
    ),
    (r"^sentenced$|осужд|приговор|sentenced|convicted", CustodyStatus.SENTENCED),
    (r"^other$|друго|other|принудительн", CustodyStatus.OTHER),
)


def read_custody(text: str) -> CustodyStatus | None:
    for pattern, custody in _CUSTODY_WORDS:
        if re.search(pattern, text or "", re.I):
            return custody
    return None


def read_facility_type(text: str) -> FacilityType | None:
    """Read a facility-type cell: our codes (sizo, ik …) or words (СИЗО, колония-поселение)."""
    value = (text or "").strip()
    try:
        return FacilityType(value.lower())
    except ValueError:
        return facility_type_of(value)
