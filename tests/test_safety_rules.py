"""The letter check's data: every rule cites a source, compiles, and cannot backtrack."""

import json
import time

import pytest

from eventsite.safety import checker, rules

ADVERSARIAL_CHARS = 20_000
# Generous: a rule is fine well below this on this machine; catastrophic backtracking is not.
SECONDS_PER_INPUT = 2.0


def raw_rules() -> dict:
    return json.loads(rules.RULES_PATH.read_text(encoding="utf-8"))


def test_every_rule_and_topic_cites_a_known_source():
    data = raw_rules()
    sources = data["sources"]
    for source in sources.values():
        assert source["title"] and source["url"].startswith("http")
    for rule in data["rules"] + data["exceptions"]:
        assert rule["sources"] and set(rule["sources"]) <= set(sources), rule["id"]
    for topic in rules.topics().values():
        assert topic["sources"] and set(topic["sources"]) <= set(sources), topic["id"]


def test_every_topic_has_english_and_russian_texts():
    for topic in rules.topics().values():
        for key in ("title", "reason", "alternative"):
            assert topic[key]["en"] and topic[key]["ru"]


def test_lemmas_are_dictionary_forms_of_known_topics():
    analyser = rules.morph()
    known = rules.topics()
    for rule in raw_rules()["rules"]:
        assert rule["topic"] in known
        for lemma in rule.get("lemmas", []):
            forms = {rules.fold(p.normal_form).text for p in analyser.parse(lemma)}
            assert rules.fold(lemma).text in forms, f"{lemma!r} is not a dictionary form"


def test_a_rule_with_an_unknown_topic_or_source_is_refused():
    with pytest.raises(ValueError, match="unknown topic"):
        rules.parse_rules({"rules": [{"topic": "weather", "sources": ["x"]}]}, {"war": {}})
    with pytest.raises(ValueError, match="cites a known source"):
        rules.parse_rules(
            {"sources": {}, "rules": [{"topic": "war", "sources": ["x"]}]}, {"war": {}}
        )


@pytest.mark.parametrize("pattern", [r"\s*мир", r"(a+)+", r"\w{2,}", r"x+?"])
def test_a_pattern_that_could_backtrack_is_refused(pattern):
    data = {
        "sources": {"s": {}},
        "rules": [{"topic": "war", "sources": ["s"], "patterns": [pattern]}],
    }
    with pytest.raises(ValueError, match="unbounded"):
        rules.parse_rules(data, rules.topics())


def test_organizers_extend_the_rules_in_data():
    data = {
        "sources": {"s": {"title": "t", "url": "https://example.org"}},
        "rules": [{"topic": "war", "sources": ["s"], "lemmas": ["дождь"], "words": ["rain"]}],
    }
    ruleset = rules.parse_rules(data, rules.topics())
    text = "Весь день шли дожди, it was raining."
    assert [text[h.start : h.end] for h in checker.find_hits(text, ruleset)] == ["дожди", "raining"]


def adversarial_inputs() -> list[str]:
    n = ADVERSARIAL_CHARS
    inputs = [
        "миру" + " " * (n - 8) + "мир!",
        "а" * n,
        "a" * n,
        "1" * n,
        "1 " * (n // 2),
        "-" * n,
        "слово-\n" * (n // 7),
        "х*" * (n // 2),
        "a@" * (n // 2),
        "." * n,
        "А" * n,
        "война " * (n // 6),
        "+7 " * (n // 3),
        "1234 " * (n // 5),
        "ул. " * (n // 4),
        "в\u00ad" * (n // 2),
        "аa" * (n // 2),
        "a@b." * (n // 4),
        "обещаю " + "x" * (n - 7),
        "http://" + "a" * (n - 7),
    ]
    return [text[:n] for text in inputs]


@pytest.mark.slow
def test_no_rule_backtracks_on_adversarial_drafts():
    ruleset = rules.load_rules()
    patterns = [
        p for r in ruleset.rules + ruleset.exceptions for p in (*r.patterns, *r.case_sensitive)
    ]
    assert patterns
    for text in adversarial_inputs():
        for pattern in patterns:
            start = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            assert time.perf_counter() - start < SECONDS_PER_INPUT, pattern.pattern
        start = time.perf_counter()
        checker.check(text)
        assert time.perf_counter() - start < SECONDS_PER_INPUT, text[:20]
