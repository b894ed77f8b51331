"""The letter check's data: topics, sources and rules, read from the JSON files beside this one.

This module is the one reader of `rules.json`; `topics.json` is read by `topics.py`, which the
printed guide shares. Rules are compiled once per
process into lookup tables of word forms, so checking a draft is set and dict look-ups plus
a few bounded regular expressions: nothing is analysed or cached per draft.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pymorphy3

from eventsite.safety import topics as shared_topics
from eventsite.safety.normalise import cyrillic_key, fold

HERE = Path(__file__).parent
RULES_PATH = HERE / "rules.json"
LEVELS = ("flag", "hint")
CONDITIONS = ("pre_trial", "religious_case")
# A pattern may not repeat without a bound: r"(a+)+" or r"\s*\s*" could backtrack.
UNBOUNDED = re.compile(r"[*+]|\{\d*,\}")


def unbounded(pattern: str) -> bool:
    """Tell whether a pattern repeats anything without an upper bound (escapes, classes aside)."""
    bare = re.sub(r"\[(?:\\.|[^\]\\])*\]", "", re.sub(r"\\.", "E", pattern))
    return UNBOUNDED.search(bare) is not None


@cache
def morph():
    """Return the Russian analyser; its dictionaries load once per process."""
    return pymorphy3.MorphAnalyzer()


@cache
def topics() -> dict[str, dict]:
    """Return the topics by id: the shared ones the printed guide lists, then the check's own."""
    shared = list(shared_topics.topics().values())
    own = json.loads(RULES_PATH.read_text(encoding="utf-8")).get("topics", [])
    return {t["id"]: t for t in shared + own}


def english_forms(word: str) -> set[str]:
    """Return an English word with its plural, -ed and -ing forms."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word[-1:] in "tgpnm" and len(word) <= 4:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def russian_forms(lemma: str) -> frozenset[str]:
    """Return every form of a Russian word (ё folded), from every reading pymorphy3 knows."""
    lemma = fold(lemma).text
    forms = {lemma}
    for parse in morph().parse(lemma):
        if fold(parse.normal_form).text != lemma:
            continue
        forms |= {fold(f.word).text for f in parse.lexeme}
    return frozenset(forms)


@dataclass(frozen=True)
class Matcher:
    """One word of a phrase: any of `forms`, or any word starting with one of `prefixes`."""

    forms: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    anything: bool = False

    def matches(self, word: str) -> bool:
        return self.anything or word in self.forms or word.startswith(self.prefixes or ("\0",))


@dataclass(frozen=True)
class Rule:
    id: str
    topic: str
    level: str
    sources: tuple[str, ...]
    phrases: tuple[tuple[Matcher, ...], ...] = ()
    patterns: tuple[re.Pattern, ...] = ()
    case_sensitive: tuple[re.Pattern, ...] = ()
    promote: Matcher | None = None
    window: int = 4
    when: str | None = None
    languages: tuple[str, ...] = ()  # the letter's languages the rule applies to; () = all
    needs: tuple[str, ...] = ()  # patterns run only if the folded draft contains one of these
    skip_dictionary_words: bool = False  # leave alone words the dictionary knows (ДНЁМ)
    excuses: tuple[str, ...] = ()  # for exceptions: topics they excuse


@dataclass
class PhraseIndex:
    """First word of a phrase (a form or a prefix) → (rule index, phrase index)."""

    forms: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    prefixes: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()

    @classmethod
    def of(cls, rules) -> "PhraseIndex":
        index = cls()
        for r, rule in enumerate(rules):
            for p, phrase in enumerate(rule.phrases):
                for form in phrase[0].forms:
                    index.forms.setdefault(form, []).append((r, p))
                for prefix in phrase[0].prefixes:
                    index.prefixes.setdefault(prefix, []).append((r, p))
        index.prefix_lengths = tuple(sorted({len(p) for p in index.prefixes}))
        return index

    def lookup(self, word: str) -> list[tuple[int, int]]:
        found = list(self.forms.get(word, ()))
        for length in self.prefix_lengths:
            if length > len(word):
                break
            found += self.prefixes.get(word[:length], ())
        return found


@dataclass
class RuleSet:
    rules: tuple[Rule, ...]
    exceptions: tuple[Rule, ...]
    sources: dict[str, dict]
    index: PhraseIndex = field(default_factory=PhraseIndex)
    except_index: PhraseIndex = field(default_factory=PhraseIndex)
    # Russian flag words and known people as a transliteration would spell them (voina, putin).
    translit: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    translit_people: dict[str, str] = field(default_factory=dict)
    people_index: dict[str, str] = field(default_factory=dict)
    people: dict[str, frozenset[str]] = field(default_factory=dict)
    given_names: frozenset[str] = frozenset()
    swear_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _matcher(spec: str) -> Matcher:
    """Parse one word of a phrase: <лемма>, word*, a|b alternatives, or ? for any word."""
    if spec == "?":
        return Matcher(anything=True)
    forms: set[str] = set()
    prefixes: list[str] = []
    for alternative in spec.split("|"):
        if alternative.startswith("<") and alternative.endswith(">"):
            forms |= russian_forms(alternative[1:-1])
        elif alternative.startswith("~"):  # an English word in all its forms
            forms |= english_forms(alternative[1:].lower())
        elif alternative.endswith("*"):
            prefixes.append(fold(alternative[:-1]).text)
        else:
            forms.add(fold(alternative).text)
    return Matcher(frozenset(forms), tuple(prefixes))


def _phrases(raw: dict) -> tuple[tuple[Matcher, ...], ...]:
    phrases: list[tuple[Matcher, ...]] = [
        (_matcher(f"<{lemma}>"),) for lemma in raw.get("lemmas", [])
    ]
    phrases += [(_matcher(f"~{word}"),) for word in raw.get("words", [])]
    phrases += [(_matcher(prefix + "*"),) for prefix in raw.get("prefixes", [])]
    phrases += [tuple(_matcher(t) for t in phrase.split()) for phrase in raw.get("phrases", [])]
    return tuple(phrases)


def _patterns(raw: dict, key: str, flags: int, number: str) -> tuple[re.Pattern, ...]:
    compiled = []
    for pattern in raw.get(key, []):
        if unbounded(pattern):
            raise ValueError(f"rule {number}: unbounded repeat in {pattern!r}; use {{0,N}}")
        try:
            compiled.append(re.compile(pattern, flags))
        except re.error as error:
            raise ValueError(f"rule {number}: bad pattern {pattern!r}: {error}") from error
    return tuple(compiled)


def _rule(raw: dict, number: str, known_topics, known_sources) -> Rule:
    topic = raw.get("topic")
    if topic not in known_topics:
        raise ValueError(f"rule {number}: unknown topic {topic!r}")
    sources = tuple(raw.get("sources", []))
    if not sources or any(s not in known_sources for s in sources):
        raise ValueError(f"rule {number}: every rule cites a known source, got {sources!r}")
    level = raw.get("level", "flag")
    if level not in LEVELS:
        raise ValueError(f"rule {number}: level is flag or hint, not {level!r}")
    when = raw.get("when")
    if when is not None and when not in CONDITIONS:
        raise ValueError(f"rule {number}: unknown condition {when!r}")
    promote = raw.get("promote")
    return Rule(
        id=raw.get("id", number),
        topic=str(topic),
        level=level,
        sources=sources,
        phrases=_phrases(raw),
        patterns=_patterns(raw, "patterns", re.IGNORECASE, number),
        case_sensitive=_patterns(raw, "case_sensitive_patterns", 0, number),
        promote=_matcher("|".join(promote)) if promote else None,
        window=int(raw.get("window", 4)),
        when=when,
        languages=tuple(raw.get("languages", [])),
        needs=tuple(fold(n).text for n in raw.get("needs", [])),
        skip_dictionary_words=bool(raw.get("skip_dictionary_words")),
    )


def parse_rules(data: dict, known_topics) -> RuleSet:
    """Build the rule set from the data file's structure; raise ValueError on a mistake."""
    sources = data.get("sources", {})
    rules = tuple(
        _rule(raw, raw.get("id", str(n)), known_topics, sources)
        for n, raw in enumerate(data["rules"], start=1)
    )
    exceptions = []
    for n, raw in enumerate(data.get("exceptions", []), start=1):
        rule = _rule({**raw, "topic": raw["excuses"][0]}, f"exception {n}", known_topics, sources)
        exceptions.append(
            Rule(rule.id, rule.topic, "flag", rule.sources, rule.phrases, rule.patterns,
                 excuses=tuple(raw["excuses"]))
        )  # fmt: skip
    ruleset = RuleSet(
        rules, tuple(exceptions), sources, PhraseIndex.of(rules), PhraseIndex.of(exceptions)
    )
    for r, rule in enumerate(rules):
        for p, phrase in enumerate(rule.phrases):
            if rule.level != "flag" or len(phrase) != 1:
                continue
            for form in phrase[0].forms:
                if len(form) >= 4 and re.search("[а-я]", form):
                    ruleset.translit.setdefault(cyrillic_key(form), []).append((r, p))
    people = data.get("people", {})
    ruleset.people = {
        group: frozenset(f for name in names for f in _name_forms(name))
        for group, names in people.get("known", {}).items()
    }
    ruleset.people_index = {
        form: group for group, forms in ruleset.people.items() for form in forms
    }
    ruleset.translit_people = {
        cyrillic_key(form): group
        for group, forms in ruleset.people.items()
        for form in forms
        if re.search("[а-я]", form)
    }
    ruleset.given_names = frozenset(n.lower() for n in people.get("given_names", []))
    swears: dict[str, set[str]] = {}
    for rule in rules:
        if rule.topic == "swearing":
            for phrase in rule.phrases:
                for form in phrase[0].forms:
                    swears.setdefault(form[:1], set()).add(form)
    for word in data.get("masked_words", []):
        swears.setdefault(word[:1], set()).add(word)
    ruleset.swear_forms = {k: tuple(sorted(v)) for k, v in swears.items()}
    return ruleset


SURNAME_ENDINGS = (
    ("ский", ("ский", "ского", "скому", "ским", "ском", "ская", "ской", "скую")),
    ("цкий", ("цкий", "цкого", "цкому", "цким", "цком", "цкая", "цкой", "цкую")),
    ("ов", ("ов", "ова", "ову", "овым", "ове", "овой", "ову", "овы", "овых")),
    ("ев", ("ев", "ева", "еву", "евым", "еве", "евой", "евы", "евых")),
    ("ин", ("ин", "ина", "ину", "иным", "ине", "иной", "ины", "иных")),
    ("ын", ("ын", "ына", "ыну", "ыным", "ыне", "ыной")),
    ("ова", ("ова", "овой", "ову")),
    ("ева", ("ева", "евой", "еву")),
    ("ина", ("ина", "иной", "ину")),
    ("ый", ("ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ые", "ых", "ыми")),
    ("ий", ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ие", "их", "ими")),
    ("ая", ("ая", "ой", "ую")),
    ("а", ("а", "ы", "е", "у", "ой")),
    ("я", ("я", "и", "е", "ю", "ей")),
)


def is_dictionary_word(word: str) -> bool:
    """Tell whether a word is an ordinary Russian word rather than an abbreviation."""
    folded = fold(word).text
    if not morph().word_is_known(folded):
        return False
    return "Abbr" not in morph().parse(folded)[0].tag


def surname_forms(word: str) -> set[str]:
    """Return the case forms of a Russian surname (indeclinable ones stay as they are)."""
    word = fold(word).text
    if not re.search(r"[а-я]$", word):
        return {word, word + "'s"}
    head, _, last = word.rpartition("-")
    head = head + "-" if head else ""
    for ending, forms in SURNAME_ENDINGS:
        if last.endswith(ending):
            stem = last[: len(last) - len(ending)]
            return {head + stem + f for f in forms}
    return {word}


def _name_forms(name: str) -> set[str]:
    """Return the forms of a known person's surname or nickname."""
    return {f for word in name.split() for f in surname_forms(word)}


@cache
def load_rules(path: Path = RULES_PATH) -> RuleSet:
    """Return the compiled rules of the data file, once per process."""
    return parse_rules(json.loads(path.read_text(encoding="utf-8")), topics())


def sources() -> dict[str, dict]:
    """Return the guides and laws the rules cite, by id."""
    return load_rules().sources
