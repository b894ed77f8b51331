"""What the letter check needs to know about the person a draft is for, as plain data.

`facts_from_record` reads whatever the prisoner record has: today a name in one string,
free-text restrictions, the facility and tags; the structured fields the records work adds
(name parts, custody, restriction codes) are used when present and never required.
"""

import re
from dataclasses import dataclass

from eventsite.safety.normalise import fold
from eventsite.safety.rules import morph

PATRONYMIC = re.compile(r"(?:вич|вна|ична|инична|оглы|кызы)$", re.IGNORECASE)
PRE_TRIAL_FACILITY = re.compile(r"\b(?:сизо|ивс|следственн\w{0,12}\s+изолятор\w{0,3})\b", re.I)
RELIGIOUS_TAGS = frozenset({"religion", "religious", "jehovah", "jehovahs-witnesses", "религия"})
# Restriction phrases in the free text, in Russian and English.
POSTCARDS_ONLY = re.compile(r"только\s+открытк|postcards?\s+only|only\s+postcards?", re.I)
RUSSIAN_ONLY = re.compile(r"только\s+(?:на\s+)?русск|russian\s+only|only\s+in\s+russian", re.I)
NO_RELIGION = re.compile(r"без\s+религиоз|no\s+religio", re.I)
GREETING = re.compile(
    r"^\s{0,20}(?:здравствуй(?:те)?|привет(?:ствую)?|добр\w{1,3}\s+(?:день|вечер|утро)|"
    r"дорог\w{1,3}|милая|милый|dear|hello|hi|hey|привіт|доброго\s+\w{1,10}|дорог\w{1,3})"
    r"[\s,!]{1,5}((?:[^\W\d_]{2,30}[\s,]{0,3}){1,3})",
    re.IGNORECASE,
)
SALUTATION_SKIP = frozenset(
    {"здравствуй", "здравствуйте", "привет", "добрый", "день", "вечер", "дорогой", "дорогая", "мой",
     "моя", "dear", "hello", "hi", "my", "friend", "друг", "и", "вам", "тебе"}
)  # fmt: skip
# Common short forms of Russian given names, so «Дорогой Ваня» fits Иван.
SHORT_NAMES = {
    "александр": {"саша", "саня", "шура", "alexander", "alex", "sasha"},
    "александра": {"саша", "шура", "sasha"},
    "алексей": {"леша", "алеша", "лёша", "alexei", "alexey", "lesha"},
    "анастасия": {"настя", "nastya"},
    "андрей": {"андрюша", "andrei", "andrey"},
    "анна": {"аня", "анюта", "anna", "anya"},
    "валентина": {"валя"},
    "владимир": {"володя", "вова", "vladimir", "volodya"},
    "дмитрий": {"дима", "митя", "dmitry", "dima"},
    "евгений": {"женя", "evgeny", "zhenya"},
    "евгения": {"женя", "zhenya"},
    "екатерина": {"катя", "katya", "ekaterina"},
    "елена": {"лена", "elena", "lena"},
    "иван": {"ваня", "ivan", "vanya"},
    "константин": {"костя", "konstantin", "kostya"},
    "мария": {"маша", "maria", "masha"},
    "михаил": {"миша", "mikhail", "misha"},
    "наталья": {"наташа", "natalya", "natasha"},
    "николай": {"коля", "nikolai", "kolya"},
    "ольга": {"оля", "olga", "olya"},
    "павел": {"паша", "pavel", "pasha"},
    "сергей": {"сережа", "серёжа", "sergei", "sergey"},
    "татьяна": {"таня", "tatiana", "tanya"},
    "юлия": {"юля", "yulia"},
}


@dataclass(frozen=True)
class PrisonerFacts:
    """Plain facts about the addressee that change what a letter may say."""

    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    latin_name: str = ""
    pre_trial: bool = False
    religious_case: bool = False
    postcards_only: bool = False
    russian_only: bool = False

    @property
    def name_words(self) -> set[str]:
        """Return every folded form of the addressee's own names, to leave them unflagged."""
        words = set()
        for part in (self.surname, self.given_name, self.patronymic):
            if part:
                words |= _forms(part)
        words |= {fold(w).text for w in self.latin_name.split()}
        for short in SHORT_NAMES.get(fold(self.given_name).text, ()):
            words |= _forms(short)
        return words


def _forms(word: str) -> set[str]:
    folded = fold(word).text
    forms = {folded}
    for parse in morph().parse(folded)[:3]:
        forms |= {fold(f.word).text for f in parse.lexeme}
    return forms


def split_name(full: str) -> tuple[str, str, str]:
    """Split «Фамилия Имя Отчество» into its parts; a two-word name has no patronymic."""
    words = full.split()
    if len(words) >= 3 and PATRONYMIC.search(words[2]):
        return words[0], words[1], " ".join(words[2:])
    if len(words) >= 3 and PATRONYMIC.search(words[1]):  # «Имя Отчество Фамилия»
        return words[2], words[0], words[1]
    if len(words) == 2:
        return words[0], words[1], ""
    return (words[0] if words else ""), "", ""


def facts_from_record(prisoner, *, private: bool) -> PrisonerFacts:
    """Build the facts from a prisoner record; `private` adds what only chapter members see."""
    surname = getattr(prisoner, "surname", "") or ""
    given = getattr(prisoner, "given_name", "") or ""
    patronymic = getattr(prisoner, "patronymic", "") or ""
    if not (surname or given):
        surname, given, patronymic = split_name(prisoner.name_ru or "")
    restrictions = prisoner.restrictions or ""
    codes = {str(c) for c in getattr(prisoner, "restriction_codes", None) or ()}
    custody = str(getattr(prisoner, "custody", "") or "")
    religious = bool(NO_RELIGION.search(restrictions)) or "no_religion" in codes
    if private:
        tags = {t.lower() for t in getattr(prisoner, "tag_names", [])}
        religious = religious or bool(tags & RELIGIOUS_TAGS)
    return PrisonerFacts(
        surname=surname,
        given_name=given,
        patronymic=patronymic,
        latin_name=prisoner.name_latin or "",
        pre_trial=custody.endswith("pre_trial")
        or bool(PRE_TRIAL_FACILITY.search(prisoner.facility or "")),
        religious_case=religious,
        postcards_only=bool(POSTCARDS_ONLY.search(restrictions)) or "postcards_only" in codes,
        russian_only=bool(RUSSIAN_ONLY.search(restrictions)) or "russian_only" in codes,
    )


def salutation_names(text: str) -> tuple[int, int, list[str]] | None:
    """Return the span of the greeting's name and its words, if the draft opens with one."""
    match = GREETING.match(text)
    if not match:
        return None
    words = [
        w for w in re.findall(r"[^\W\d_]+", match.group(1)) if fold(w).text not in SALUTATION_SKIP
    ]
    if not words:
        return None
    return match.start(1), match.end(1), words


def salutation_fits(words: list[str], facts: PrisonerFacts) -> bool:
    """Tell whether every name in the greeting is one of the addressee's names or short forms."""
    own = facts.name_words
    return all(fold(w).text in own for w in words)
