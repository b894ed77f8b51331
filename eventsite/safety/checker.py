"""The letter-check: find passages of a draft that may stop a letter or endanger someone.

Pure functions over a string; nothing here stores or logs the draft.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from eventsite.safety.topics import topics

HERE = Path(__file__).parent
RULES_PATH = HERE / "rules.json"
MIN_PARSE_SCORE = 0.1  # ignore readings pymorphy3 itself finds unlikely (суда → судно)
CONTEXT_CHARS = 40

_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


@cache
def morph():
    """Return the Russian analyser; loading its dictionaries takes a moment, so once."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=100_000)
def lemmas(word: str) -> frozenset[str]:
    """Return the dictionary forms a Russian word may be a form of."""
    parses = morph().parse(word.lower())
    found = {_fold(parses[0].normal_form)} if parses else set()
    found |= {_fold(p.normal_form) for p in parses if p.score >= MIN_PARSE_SCORE}
    return frozenset(found | {_fold(word)})


@lru_cache(maxsize=10_000)
def is_dictionary_word(word: str) -> bool:
    """Tell whether a word is an ordinary Russian word rather than an abbreviation."""
    analyser = morph()
    if not analyser.word_is_known(word.lower()):
        return False
    return "Abbr" not in analyser.parse(word.lower())[0].tag


def english_forms(word: str) -> set[str]:
    """Return a word with its plural, -ed and -ing forms."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return forms


@dataclass(frozen=True)
class Rule:
    topic: str
    lemmas: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    exceptions: re.Pattern | None = None
    only_if_russian: bool = False
    skip_dictionary_words: bool = False


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    topic: str


@dataclass
class Finding:
    topic: dict
    passages: list[tuple[str, str, str]] = field(default_factory=list)  # before, match, after


@dataclass
class Report:
    hits: list[Hit]
    findings: list[Finding]
    segments: list[tuple[str, str | None]]  # the draft in pieces, with the topic of flagged ones
    mainly_russian: bool | None  # None when there are no letters at all


def parse_rules(data: dict, known_topics) -> tuple[Rule, ...]:
    """Build rules from the data file's structure; raise ValueError on a mistake."""
    rules = []
    for number, raw in enumerate(data["rules"], start=1):
        if raw.get("topic") not in known_topics:
            raise ValueError(f"rule {number}: unknown topic {raw.get('topic')!r}")
        flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
        words = [w.lower() for w in raw.get("words", [])]
        exceptions = raw.get("except", [])
        try:
            patterns = tuple(re.compile(p, flags) for p in raw.get("patterns", []))
        except re.error as error:
            raise ValueError(f"rule {number}: bad pattern: {error}") from error
        rules.append(
            Rule(
                topic=raw["topic"],
                lemmas=frozenset(_fold(w) for w in raw.get("lemmas", [])),
                words=frozenset(f for w in words if not w.endswith("*") for f in english_forms(w)),
                prefixes=tuple(w[:-1] for w in words if w.endswith("*")),
                patterns=patterns,
                exceptions=re.compile(
                    r"(?<!\w)(?:" + "|".join(map(re.escape, exceptions)) + r")(?!\w)", re.IGNORECASE
                )
                if exceptions
                else None,
                only_if_russian=bool(raw.get("only_if_russian")),
                skip_dictionary_words=bool(raw.get("skip_dictionary_words")),
            )
        )
    return tuple(rules)


@cache
def load_rules(path: Path = RULES_PATH) -> tuple[Rule, ...]:
    return parse_rules(json.loads(path.read_text(encoding="utf-8")), topics())


def mainly_russian(text: str) -> bool | None:
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic + latin == 0:
        return None
    return cyrillic >= latin


def _candidates(rule: Rule, text: str, words: list[re.Match]):
    for match in words:
        word = match.group()
        if _CYRILLIC.search(word):
            if rule.lemmas and lemmas(word) & rule.lemmas:
                yield match.start(), match.end()
        elif rule.words or rule.prefixes:
            lower = word.lower()
            if lower in rule.words or lower.startswith(rule.prefixes or ("\0",)):
                yield match.start(), match.end()
    for pattern in rule.patterns:
        for match in pattern.finditer(text):
            if match.end() > match.start():
                yield match.start(), match.end()


def _allowed(rule: Rule, text: str, start: int, end: int, excepted) -> bool:
    if any(s <= start and end <= e for s, e in excepted):
        return False
    return not (rule.skip_dictionary_words and is_dictionary_word(text[start:end]))


def find_hits(text: str, rules: tuple[Rule, ...] | None = None) -> list[Hit]:
    """Return the flagged passages, earlier rules winning where two overlap."""
    rules = load_rules() if rules is None else rules
    russian = mainly_russian(text)
    words = list(_WORD.finditer(text))
    taken: list[Hit] = []
    for rule in rules:
        if rule.only_if_russian and not russian:
            continue
        excepted = [m.span() for m in rule.exceptions.finditer(text)] if rule.exceptions else []
        # Within a rule the longest match wins: «путинский режим» over «путинский».
        candidates = sorted(set(_candidates(rule, text, words)), key=lambda c: (c[0] - c[1], c[0]))
        for start, end in candidates:
            if not _allowed(rule, text, start, end, excepted):
                continue
            if any(h.start < end and start < h.end for h in taken):
                continue
            taken.append(Hit(start, end, rule.topic))
    return sorted(taken, key=lambda h: h.start)


def _passage(text: str, hit: Hit) -> tuple[str, str, str]:
    before = text[max(0, hit.start - CONTEXT_CHARS) : hit.start]
    after = text[hit.end : hit.end + CONTEXT_CHARS]
    if hit.start > CONTEXT_CHARS and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if hit.end + CONTEXT_CHARS < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return " ".join(before.split(" ")), text[hit.start : hit.end], after


def check(text: str) -> Report:
    """Check a draft: flagged passages grouped by topic, and the draft cut into pieces."""
    hits = find_hits(text)
    by_topic = {topic_id: Finding(topic) for topic_id, topic in topics().items()}
    segments: list[tuple[str, str | None]] = []
    position = 0
    for hit in hits:
        by_topic[hit.topic].passages.append(_passage(text, hit))
        if hit.start > position:
            segments.append((text[position : hit.start], None))
        segments.append((text[hit.start : hit.end], hit.topic))
        position = hit.end
    if position < len(text):
        segments.append((text[position:], None))
    findings = [f for f in by_topic.values() if f.passages]
    return Report(hits, findings, segments, mainly_russian(text))
