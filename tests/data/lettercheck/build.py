"""Build the letter-check corpus from the hand-written fragments in `source_*.py`.

Run `python tests/data/lettercheck/build.py` after editing a source; it rewrites
`corpus.jsonl`. A risky passage is written inline as ``[[passage|topic|technique]]``
(optionally ``[[passage|topic|technique|guide]]``); the builder strips the markup and
records exact character offsets, so spans can never drift from the text.

Letters are put together from a greeting, everyday sentences, at most two risky or
tricky sentences and a closing, with a fixed seed; whole hand-written letters are kept
as they are. The held-out part has its own fragments: nothing in it is shared with the
part the rules were tuned on.
"""

import json
import random
import re
import runpy
from pathlib import Path

HERE = Path(__file__).parent
MARK = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)

# The guide a label rests on, by topic, unless a passage names another (see docs/letter-check.md).
DEFAULT_GUIDE = {
    "war": "mediazona",
    "z_symbols": "mediazona",
    "authorities": "mediazona",
    "case": "fz103",
    "protest": "mediazona",
    "sanctions_emigration": "ovdinfo",
    "lgbt": "ovdinfo",
    "extremism": "mediazona",
    "swearing": "pvr110",
    "codes": "fz103",
    "foreign": "letmypeoplego",
    "prison": "euroradio",
    "other_prisoners": "euroradio",
    "third_party": "ovdinfo",
    "money": "ovdinfo",
    "promises": "ovdinfo",
    "ukraine": "letmypeoplego",
    "religion": "memorial",
}


def parse(marked: str) -> tuple[str, list[dict]]:
    """Return the text without markup and its spans with exact offsets."""
    text, spans, position = [], [], 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[position : match.start()]
        text.append(before)
        length += len(before)
        parts = match.group(1).split("|")
        passage, topic, technique = parts[0], parts[1], parts[2]
        guide = parts[3] if len(parts) > 3 else DEFAULT_GUIDE[topic]
        spans.append(
            {
                "start": length,
                "end": length + len(passage),
                "topic": topic,
                "technique": technique,
                "guide": guide,
            }
        )
        text.append(passage)
        length += len(passage)
        position = match.end()
    text.append(marked[position:])
    return "".join(text), spans


def compose(rng: random.Random, pool: dict, language: str, middle: list[str]) -> str:
    """Put a letter together: greeting, everyday sentences with `middle` among them, closing."""
    fillers = rng.sample(pool["fillers"][language], rng.randint(2, 4))
    for sentence in middle:
        fillers.insert(rng.randint(0, len(fillers)), sentence)
    paragraphs = [rng.choice(pool["greetings"][language])]
    cut = rng.randint(1, max(1, len(fillers) - 1))
    paragraphs += [" ".join(fillers[:cut]), " ".join(fillers[cut:])]
    paragraphs.append(rng.choice(pool["closings"][language]))
    return "\n\n".join(p for p in paragraphs if p)


def letters(pool: dict, split: str, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []

    def add(language, marked, label, tricky=False, prisoner=None):
        text, spans = parse(marked)
        assert (label == "risky") == bool(spans), (label, marked[:80])
        entry = {
            "id": f"{split}-{len(out) + 1:03d}",
            "split": split,
            "language": language,
            "label": label,
            "tricky": tricky,
            "text": text,
            "spans": spans,
        }
        if prisoner:
            entry["prisoner"] = prisoner
        out.append(entry)

    for key, sentences in pool["risky"].items():
        base = pool.get("base", {}).get(key, key)
        language = "mixed" if key.startswith("mixed") else key
        sentences = list(sentences)
        rng.shuffle(sentences)
        # Most risky letters carry one risky sentence; every third carries two.
        while sentences:
            take = 2 if len(sentences) >= 2 and len(out) % 3 == 0 else 1
            middle, sentences = sentences[:take], sentences[take:]
            add(language, compose(rng, pool, base, middle), "risky")
    for key, sentences in pool["tricky"].items():
        base = pool.get("base", {}).get(key, key)
        language = "mixed" if key.startswith("mixed") else key
        for sentence in sentences:
            add(language, compose(rng, pool, base, [sentence]), "safe", tricky=True)
    for language, count in pool["plain"].items():
        for _ in range(count):
            add(language, compose(rng, pool, language, []), "safe")
    for language, marked, label, tricky in pool.get("whole", []):
        add(language, marked, label, tricky)
    for language, marked, label, prisoner in pool.get("with_prisoner", []):
        add(language, marked, label, tricky=label == "safe", prisoner=prisoner)
    return out


def main() -> None:
    tune = runpy.run_path(str(HERE / "source_tune.py"))["POOL"]
    heldout = runpy.run_path(str(HERE / "source_heldout.py"))["POOL"]
    corpus = letters(tune, "tune", 16) + letters(heldout, "heldout", 61)
    with (HERE / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for entry in corpus:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    for split in ("tune", "heldout"):
        part = [e for e in corpus if e["split"] == split]
        risky = sum(e["label"] == "risky" for e in part)
        tricky = sum(e["tricky"] for e in part)
        print(f"{split}: {len(part)} letters, {risky} risky, {tricky} tricky safe")


if __name__ == "__main__":
    main()
