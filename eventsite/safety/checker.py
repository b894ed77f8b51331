"""The letter check: find passages of a draft a censor would stop, and words worth a second look.

Pure functions over a string. The draft is folded once (see normalise.py), cut into words,
and every word is looked up in tables built from rules.json when the process starts; phrases,
context exceptions and promotions are checked around the words found. Nothing here stores,
logs or caches the draft or any word of it.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from eventsite.safety import language
from eventsite.safety.normalise import Folded, fold, latin_key
from eventsite.safety.prisoner import PrisonerFacts, salutation_fits, salutation_names
from eventsite.safety.rules import Rule, RuleSet, is_dictionary_word, load_rules, morph, topics

# A word: letters, digits inside (в0йне, sh1t) and up to three hyphen/apostrophe parts.
WORD = re.compile(r"[^\W\d_][^\W_]{0,40}(?:['’\-][^\W_]{1,40}){0,3}")
MASKED = re.compile(r"(?<![^\W\d_])[^\W\d_]{1,6}[*#$%@]{1,5}[^\W\d_]{0,8}")
SENTENCE_END = re.compile(r"[.!?…]{1,5}[»\")]{0,2}(?=\s)|\n")
LATIN_WORD = re.compile(r"[a-z]{2,30}")
CYR_WORD = re.compile(r"[а-яіїєґў]")
DIGITS_AS_LETTERS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "@": "a"})
MASK_CHARS = frozenset("*#$%@")
MASK_RUNS = re.compile(r"[*#$%@]+|[^*#$%@]+")
MAX_MASKED = 100  # masked words examined per draft: enough for any letter, bounded for abuse
MAX_NAMES = 80  # capitalised words analysed as possible names per draft
FOREIGN_MIN_WORDS = 3
CYRILLIC_LETTER = 0.4  # a letter with this share in Cyrillic languages is read as a Russian one
SURNAME = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ский|цкий|енко|ук|юк|ич|ова|ева|ина|ская|цкая)(?:а|у|ым|ой|ого|ому|ым|ом|е)?$"
)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    topic: str
    level: str  # "flag" or "hint"
    rule: str


@dataclass
class Passage:
    pieces: list[tuple[str, str | None]]  # (text, level of the mark or None)
    topics: list[str]  # the topics of every mark in this sentence


@dataclass
class Finding:
    topic: dict
    level: str
    passages: list[Passage] = field(default_factory=list)


@dataclass
class Report:
    hits: list[Hit]
    findings: list[Finding]
    segments: list[tuple[str, str | None, str | None]]  # (text, topic, level)
    languages: language.Languages
    notes: list[str]  # ids of notes: "not_russian", "ukrainian", "mixed", "postcards_only", …
    salutation: tuple[str, bool] | None = None  # the greeting's name and whether it fits

    @property
    def flags(self) -> list[Hit]:
        return [h for h in self.hits if h.level == "flag"]

    @property
    def mainly_russian(self) -> bool | None:
        return None if self.languages.main is None else self.languages.main in ("ru", "ru-latn")


def _words(folded: Folded) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(folded.text)]


def _active(rule: Rule, facts: PrisonerFacts | None, main: str | None) -> bool:
    if rule.when and not (facts and getattr(facts, rule.when)):
        return False
    return not rule.languages or main in rule.languages


def _variants(word: str) -> tuple[str, ...]:
    """Return the spellings to look a word up under: as is, Latin digits read as letters."""
    if word.isalpha() or "-" in word or "'" in word:
        return (word,)
    return (word, word.translate(DIGITS_AS_LETTERS))


def _distinct(words) -> dict[str, list[int]]:
    """Return each distinct word of this draft with its positions (kept for this call only)."""
    positions: dict[str, list[int]] = {}
    for n, (word, _s, _e) in enumerate(words):
        positions.setdefault(word, []).append(n)
    return positions


def _phrase_hits(rules, index, words, distinct, facts, main, extra=None):
    """Return (first word, last word + 1, rule, folded start, folded end) of every phrase match.

    `extra(word)` may add (rule, phrase) candidates for a word, such as its transliteration.
    """
    found = []
    for word, positions in distinct.items():
        candidates = []
        for variant in _variants(word):
            candidates += index.lookup(variant)
        if extra:
            candidates += extra(word)
        for r, i in dict.fromkeys(candidates):
            rule = rules[r]
            if not _active(rule, facts, main):
                continue
            phrase = rule.phrases[i]
            for n in positions:
                end = n + len(phrase)
                if end > len(words):
                    continue
                if all(m.matches(words[n + k][0]) for k, m in enumerate(phrase[1:], start=1)):
                    found.append((n, end, rule, words[n][1], words[end - 1][2]))
    return found


DOUBLED = re.compile(r"([^\W\d_])\1")


def _respellings(ruleset: RuleSet, main: str | None):
    """Return a function giving the extra candidates of a word: stretched or transliterated."""

    def extra(word: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        if DOUBLED.search(word) and word not in ruleset.index.forms:
            squeezed = DOUBLED.sub(r"\1", word)
            if not morph().word_is_known(word):
                found += [
                    (r, i) for r, i in ruleset.index.forms.get(squeezed, ())
                    if len(ruleset.rules[r].phrases[i]) == 1
                ]  # fmt: skip
        # English words would read as Russian ones in an English letter: "here" → «хере».
        if main != "en":
            for variant in _variants(word):
                if len(variant) >= 4 and LATIN_WORD.fullmatch(variant):
                    found += ruleset.translit.get(latin_key(variant), ())
        return found

    return extra


def _promoted(rule: Rule, words: list[str], sentence_of: list[int], first: int, last: int) -> str:
    """Return the hit's level: a hint becomes a flag with a promoting word in its sentence."""
    if rule.level == "flag" or rule.promote is None or first >= len(words):
        return rule.level
    sentence = sentence_of[first]
    window = [
        n
        for n in [*range(max(0, first - rule.window), first), *range(last, last + rule.window)]
        if n < len(words) and sentence_of[n] == sentence
    ]
    return "flag" if any(rule.promote.matches(words[n]) for n in window) else "hint"


def _fits_mask(parts: list[str], word: str) -> bool:
    """Tell whether `word` fits a masked spelling: a run of n masks stands for 1 to 2n letters."""
    if not parts:
        return not word
    head, rest = parts[0], parts[1:]
    if head[0] not in MASK_CHARS:
        return word.startswith(head) and _fits_mask(rest, word[len(head) :])
    return any(
        word[:n].isalpha() and _fits_mask(rest, word[n:])
        for n in range(1, min(2 * len(head), len(word)) + 1)
    )


def _masked_hits(ruleset: RuleSet, folded: Folded) -> list[tuple[int, int, str]]:
    """Find masked swear words (п***ц, х@й, f*ck). No pattern is compiled from the draft."""
    found = []
    for number, match in enumerate(MASKED.finditer(folded.text)):
        if number >= MAX_MASKED:
            break
        token = match.group()
        parts = MASK_RUNS.findall(token)
        if any(_fits_mask(parts, w) for w in ruleset.swear_forms.get(token[0], ())):
            found.append((match.start(), match.end(), "mask"))
    return found


def _pattern_hits(rule: Rule, text: str, folded: Folded):
    for pattern in rule.patterns:
        for m in pattern.finditer(folded.text):
            if m.end() > m.start():
                yield (*folded.original(*m.span()), "folded")
    for pattern in rule.case_sensitive:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                yield m.start(), m.end(), "original"


def _people_hits(ruleset, text, folded, words, own: set[str], addressee: set[str]) -> list[Hit]:
    """Flag known officials and prisoners by name; hint at other people's names.

    Only capitalised words inside a sentence are analysed, and each distinct word once per
    draft: the first word of a sentence is a name only if the gazetteer knows it.
    """
    hits = []
    analysed: dict[str, bool] = {}  # lives for this draft only
    known: dict[str, str | None] = {}
    n = 0
    while n < len(words):
        word, start, end = words[n]
        n += 1
        s = folded.starts[start]
        capital = text[s].isupper()
        if word in addressee or not (capital or word in ruleset.people_index):
            continue
        e = folded.ends[end - 1]
        if word not in known:
            known[word] = _known_person(ruleset, word)
        group = known[word]
        if group:
            hits.append(Hit(s, e, group, "flag", f"people:{group}"))
            continue
        if word in own:
            continue
        if not capital:
            continue
        if _sentence_start(text, s):
            if word not in ruleset.given_names:
                continue
        elif word not in analysed:
            if len(analysed) >= MAX_NAMES:
                continue
            analysed[word] = _is_name(word, ruleset)
        if not (word in ruleset.given_names or analysed.get(word)):
            continue
        # A following capitalised surname on the same line belongs to the same person.
        while n < len(words):
            following, fstart, fend = words[n]
            ns, ne = folded.original(fstart, fend)
            if (
                text[e:ns].strip(" ")
                or not text[ns : ns + 1].isupper()
                or following in own
                or _known_person(ruleset, following)
                or not _is_name(following, ruleset, surname=True)
            ):
                break
            e = ne
            n += 1
        hits.append(Hit(s, e, "people", "hint", "people:name"))
    return hits


def _sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 4) : position].rstrip(' «"(—–-')
    return not before or before[-1] in ".!?…\n:"


POSSESSIVE = re.compile(r"['’]s$")


def _known_person(ruleset: RuleSet, word: str) -> str | None:
    word = POSSESSIVE.sub("", word)
    variants = _variants(word)
    if DOUBLED.search(word):  # «Наваальный»
        variants += (DOUBLED.sub(r"\1", word),)
    for variant in variants:
        group = ruleset.people_index.get(variant)
        if group is None and LATIN_WORD.fullmatch(variant):
            group = ruleset.translit_people.get(latin_key(variant))
        if group:
            return group
    return None


def _is_name(word: str, ruleset: RuleSet, surname: bool = False) -> bool:
    if word in ruleset.given_names:
        return True
    if not CYR_WORD.search(word):
        return surname and len(word) > 2 and LATIN_WORD.fullmatch(word) is not None
    if not morph().word_is_known(word):  # prediction is slow; a surname's ending will do
        return SURNAME.search(word) is not None
    if surname:
        return SURNAME.search(word) is not None or any(
            "Surn" in p.tag or "Name" in p.tag or "Patr" in p.tag for p in morph().parse(word)[:3]
        )
    return any(
        ("Name" in p.tag or "Surn" in p.tag) and p.score >= 0.3 for p in morph().parse(word)[:2]
    )


def _foreign_sentences(text: str, langs: language.Languages, sentences) -> list[Hit]:
    """Flag whole sentences in a Latin-script language inside a letter largely in Cyrillic."""
    if langs.cyrillic_share < CYRILLIC_LETTER:
        return []
    hits = []
    for start, end in sentences:
        sentence = text[start:end]
        latin = re.findall(r"[A-Za-z]{2,30}", sentence)
        cyrillic = re.findall(r"[А-Яа-яЁёІіЇїЄєҐґЎў]{2,30}", sentence)
        if len(latin) >= FOREIGN_MIN_WORDS and len(latin) > 2 * len(cyrillic):
            first = re.search(r"[A-Za-z]", sentence)
            assert first is not None  # the sentence has Latin words
            last = max(m.end() for m in re.finditer(r"[A-Za-z]{2,30}", sentence))
            hits.append(Hit(start + first.start(), start + last, "foreign", "flag", "foreign"))
    return hits


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > start and text[start : m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _writer_names(text: str, sentences) -> set[str]:
    """Return the words of a short last line after others: the signature, naming the writer."""
    if len(sentences) < 2:
        return set()
    start, end = sentences[-1]
    words = re.findall(r"[^\W\d_]{2,30}", text[start:end])
    return {fold(w).text for w in words} if len(words) <= 6 else set()


def _select(candidates: list[Hit]) -> list[Hit]:
    """Keep one hit per place: flags over hints, then the longer one."""
    chosen: list[Hit] = []  # sorted by start, never overlapping
    starts: list[int] = []
    order = sorted(candidates, key=lambda h: (h.level != "flag", h.start - h.end, h.start))
    for hit in order:
        i = bisect_right(starts, hit.start)
        if i and chosen[i - 1].end > hit.start:
            continue
        if i < len(chosen) and chosen[i].start < hit.end:
            continue
        chosen.insert(i, hit)
        starts.insert(i, hit.start)
    return chosen


def _merged(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Merge overlapping spans; return their starts and ends, sorted."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _overlaps(merged: tuple[list[int], list[int]], start: int, end: int) -> bool:
    starts, ends = merged
    i = bisect_left(starts, end) - 1
    return i >= 0 and ends[i] > start


def find_hits(
    text: str,
    ruleset: RuleSet | None = None,
    facts: PrisonerFacts | None = None,
    langs: language.Languages | None = None,
) -> list[Hit]:
    """Return the flags and hints of a draft, one per place."""
    ruleset = load_rules() if ruleset is None else ruleset
    langs = language.languages(text) if langs is None else langs
    main = langs.main
    folded = fold(text)
    words = _words(folded)
    candidates: list[Hit] = []
    distinct = _distinct(words)
    matches = _phrase_hits(
        ruleset.rules, ruleset.index, words, distinct, facts, main, _respellings(ruleset, main)
    )
    plain_words = [w for w, _s, _e in words]
    # Which sentence each word is in: a line break or . ! ? … ends one.
    breaks = [m.end() for m in SENTENCE_END.finditer(folded.text)]
    sentence_of = [bisect_right(breaks, s) for _w, s, _e in words]
    for first, last, rule, fstart, fend in matches:
        start, end = folded.original(fstart, fend)
        level = _promoted(rule, plain_words, sentence_of, first, last)
        if facts and facts.pre_trial and rule.topic == "case":
            level = "flag"
        candidates.append(Hit(start, end, rule.topic, level, rule.id))
    word_starts = [folded.starts[s] for _w, s, _e in words]
    for rule in ruleset.rules:
        if not (rule.patterns or rule.case_sensitive) or not _active(rule, facts, main):
            continue
        if not rule.needs or any(n in folded.text for n in rule.needs):
            for start, end, _where in _pattern_hits(rule, text, folded):
                if rule.skip_dictionary_words and is_dictionary_word(text[start:end]):
                    continue
                first = bisect_left(word_starts, start)
                level = _promoted(
                    rule, plain_words, sentence_of, first, bisect_left(word_starts, end)
                )
                candidates.append(Hit(start, end, rule.topic, level, rule.id))
    for fstart, fend, _kind in _masked_hits(ruleset, folded):
        start, end = folded.original(fstart, fend)
        candidates.append(Hit(start, end, "swearing", "flag", "masked"))
    sentences = _sentences(text)
    addressee = facts.name_words if facts else set()
    own = addressee | _writer_names(text, sentences)
    greeting = salutation_names(text)
    if greeting:
        own |= {fold(w).text for w in greeting[2]}
    candidates += _people_hits(ruleset, text, folded, words, own, addressee)
    if langs is not None:
        candidates += _foreign_sentences(text, langs, sentences)
    by_topic: dict[str, list[tuple[int, int]]] = {}
    for start, end, excused_topics in _excused(ruleset, words, folded, facts, main):
        for topic in excused_topics:
            by_topic.setdefault(topic, []).append((start, end))
    merged = {topic: _merged(spans) for topic, spans in by_topic.items()}
    kept = [
        h
        for h in candidates
        if h.topic not in merged or not _overlaps(merged[h.topic], h.start, h.end)
    ]
    return _select(kept)


def _excused(ruleset: RuleSet, words, folded: Folded, facts, main):
    spans = [
        (*folded.original(fstart, fend), rule.excuses)
        for _f, _l, rule, fstart, fend in _phrase_hits(
            ruleset.exceptions, ruleset.except_index, words, _distinct(words), facts, main
        )
    ]
    for rule in ruleset.exceptions:
        for pattern in rule.patterns:
            for m in pattern.finditer(folded.text):
                spans.append((*folded.original(*m.span()), rule.excuses))
    return spans


def _findings(text: str, hits: list[Hit], sentences) -> list[Finding]:
    """Group hits by topic, each sentence shown once, under the topic of its first flag."""
    starts = [s for s, _e in sentences]
    by_sentence: dict[int, list[Hit]] = {}
    for hit in hits:
        index = max(0, bisect_right(starts, hit.start) - 1)
        by_sentence.setdefault(index, []).append(hit)
    by_topic: dict[str, Finding] = {}
    known = topics()
    for index, sentence_hits in sorted(by_sentence.items()):
        lead = next((h for h in sentence_hits if h.level == "flag"), sentence_hits[0])
        finding = by_topic.setdefault(lead.topic, Finding(known[lead.topic], lead.level))
        if lead.level == "flag":
            finding.level = "flag"
        start, end = sentences[index] if sentences else (0, len(text))
        end = max(end, max(h.end for h in sentence_hits))
        pieces: list[tuple[str, str | None]] = []
        position = start
        for hit in sentence_hits:
            if hit.start > position:
                pieces.append((text[position : hit.start], None))
            pieces.append((text[max(hit.start, position) : hit.end], hit.level))
            position = max(position, hit.end)
        if position < end:
            pieces.append((text[position:end], None))
        pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
        pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
        finding.passages.append(
            Passage(pieces, list(dict.fromkeys(h.topic for h in sentence_hits)))
        )
    order = list(known)
    return sorted(by_topic.values(), key=lambda f: (f.level != "flag", order.index(f.topic["id"])))


def _notes(langs: language.Languages, text: str, facts: PrisonerFacts | None) -> list[str]:
    notes = []
    if langs.main in ("uk", "be"):
        notes.append("ukrainian" if langs.main == "uk" else "belarusian")
    elif langs.main == "ru-latn":
        notes.append("latin_script")
    elif langs.main not in (None, "ru"):
        notes.append("not_russian")
    if langs.mixed:
        notes.append("mixed")
    if facts and facts.russian_only and langs.main not in (None, "ru", "ru-latn"):
        notes.append("russian_only")
    if facts and facts.postcards_only and len(text) > 700:
        notes.append("postcards_only")
    if facts and facts.pre_trial:
        notes.append("pre_trial")
    if facts and facts.religious_case:
        notes.append("religious_case")
    return notes


def check(text: str, facts: PrisonerFacts | None = None) -> Report:
    """Check a draft: findings by topic, the draft cut into marked pieces, and notes."""
    langs = language.languages(text)
    hits = find_hits(text, facts=facts, langs=langs)
    sentences = _sentences(text)
    segments: list[tuple[str, str | None, str | None]] = []
    position = 0
    for hit in hits:
        if hit.start > position:
            segments.append((text[position : hit.start], None, None))
        segments.append((text[hit.start : hit.end], hit.topic, hit.level))
        position = hit.end
    if position < len(text):
        segments.append((text[position:], None, None))
    salutation = None
    if facts and (facts.given_name or facts.surname):
        found = salutation_names(text)
        if found:
            salutation = (" ".join(found[2]), salutation_fits(found[2], facts))
    return Report(
        hits, _findings(text, hits, sentences), segments, langs, _notes(langs, text, facts),
        salutation,
    )  # fmt: skip
