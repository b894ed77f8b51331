"""The letter check against its labeled corpus (see docs/letter-check.md).

The tune part is what the rules were tuned on; the held-out part was written before any
rule and is only measured. Both must stay at the targets the issue set, so a rule change
that breaks real letters fails here, not in a volunteer's hands.
"""

import json
from pathlib import Path

import pytest

from eventsite.safety import checker
from eventsite.safety.prisoner import PrisonerFacts, split_name

CORPUS = Path(__file__).parent / "data" / "lettercheck" / "corpus.jsonl"


def rows(part: str) -> list[dict]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["split"] == part]


def facts(row) -> PrisonerFacts | None:
    raw = row.get("prisoner")
    if not raw:
        return None
    surname, given, patronymic = split_name(raw["name"])
    return PrisonerFacts(
        surname=surname,
        given_name=given,
        patronymic=patronymic,
        pre_trial=raw.get("pre_trial", False),
        religious_case=raw.get("religious_case", False),
    )


def test_the_corpus_is_big_enough_and_its_spans_are_exact():
    everything = rows("tune") + rows("heldout")
    assert len(everything) >= 250
    assert 0.25 <= len(rows("heldout")) / len(everything) <= 0.4
    for row in everything:
        assert (row["label"] == "risky") == bool(row["spans"]), row["id"]
        for span in row["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(row["text"])
            assert row["text"][span["start"] : span["end"]].strip()


@pytest.mark.slow
@pytest.mark.parametrize("part", ["tune", "heldout"])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_checker_meets_its_targets(part, language):
    tp = fp = fn = spans = found = tricky = tricky_flagged = 0
    for row in rows(part):
        if row["language"] != language:
            continue
        report = checker.check(row["text"], facts(row))
        flags = report.flags
        risky = row["label"] == "risky"
        tp += bool(flags) and risky
        fp += bool(flags) and not risky
        fn += not flags and risky
        if not risky and not row["tricky"]:
            assert not flags, (row["id"], [row["text"][h.start : h.end] for h in flags])
        if not risky and row["tricky"]:
            tricky += 1
            tricky_flagged += bool(flags)
        for span in row["spans"]:
            spans += 1
            found += any(h.start < span["end"] and span["start"] < h.end for h in flags)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.90
    assert found / spans >= 0.85
    assert tricky_flagged <= 0.15 * tricky
