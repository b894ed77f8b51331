"""Measure the letter check on the labeled corpus: quality, speed, worst case and memory.

    .venv/bin/python bench/lettercheck.py [--part tune|heldout|both] [--misses] [--quick]

A letter counts as flagged when the checker raises at least one flag (hints do not count).
A labeled span is found when a flag overlaps it. Timings are wall-clock and this process's
CPU time; on a machine shared with other work the CPU columns are the fairer ones.
"""

import argparse
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "tests" / "data" / "lettercheck" / "corpus.jsonl"


def rss_mb() -> float:
    """Return the resident memory of this process in MB, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(part: str) -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if part == "both" or r["split"] == part]


def facts_of(row, prisoner):
    raw = row.get("prisoner")
    if not raw:
        return None
    surname, given, patronymic = prisoner.split_name(raw["name"])
    return prisoner.PrisonerFacts(
        surname=surname,
        given_name=given,
        patronymic=patronymic,
        pre_trial=raw.get("pre_trial", False),
        religious_case=raw.get("religious_case", False),
    )


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(rows, run, show_misses: bool) -> dict:
    letter = defaultdict(lambda: [0, 0, 0])  # language → tp, fp, fn
    safe = defaultdict(lambda: [0, 0])  # "plain"/"tricky" → flagged, total
    safe_lang = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    spans = defaultdict(lambda: [0, 0, 0])  # key → found by a flag, found by flag or hint, total
    misses, false_flags = [], []
    for row in rows:
        report = run(row)
        flags = [h for h in report.hits if h.level == "flag"]
        predicted = bool(flags)
        risky = row["label"] == "risky"
        for key in ("all", row["language"]):
            cell = letter[key]
            if predicted and risky:
                cell[0] += 1
            elif predicted:
                cell[1] += 1
            elif risky:
                cell[2] += 1
        if not risky:
            kind = "tricky" if row["tricky"] else "plain"
            safe[kind][1] += 1
            safe_lang[row["language"]][kind][1] += 1
            if predicted:
                safe[kind][0] += 1
                safe_lang[row["language"]][kind][0] += 1
                false_flags.append((row["id"], [row["text"][h.start : h.end] for h in flags]))
        for span in row["spans"]:
            by_flag = any(h.start < span["end"] and span["start"] < h.end for h in flags)
            by_any = any(h.start < span["end"] and span["start"] < h.end for h in report.hits)
            for key in ("all", f"topic:{span['topic']}", f"technique:{span['technique']}"):
                spans[key][0] += by_flag
                spans[key][1] += by_any
                spans[key][2] += 1
            if not by_flag:
                misses.append(
                    (
                        row["id"],
                        span["topic"],
                        span["technique"],
                        row["text"][span["start"] : span["end"]],
                    )
                )
    if show_misses:
        for miss in misses:
            print("  missed", *miss)
        for ff in false_flags:
            print("  false flag", *ff)
    return {"letter": letter, "safe": safe, "safe_lang": safe_lang, "spans": spans}


def print_quality(name: str, result: dict) -> None:
    print(f"\n## {name}")
    print("\n| part | letters | precision | recall | F1 |")
    print("|---|---|---|---|---|")
    for key, (tp, fp, fn) in sorted(result["letter"].items(), key=lambda kv: kv[0] != "all"):
        p, r, f = prf(tp, fp, fn)
        print(f"| {key} | {tp + fn} risky | {p:.2f} | {r:.2f} | {f:.2f} |")
    print("\n| safe letters flagged | plain | tricky |")
    print("|---|---|---|")
    for key in ["all", *sorted(result["safe_lang"])]:
        cells = result["safe"] if key == "all" else result["safe_lang"][key]
        row = []
        for kind in ("plain", "tricky"):
            flagged, total = cells[kind]
            row.append(f"{flagged}/{total}" + (f" ({flagged / total:.0%})" if total else ""))
        print(f"| {key} | {row[0]} | {row[1]} |")
    print("\n| spans | found by a flag | by a flag or hint | total |")
    print("|---|---|---|---|")
    for key, (flag, anyhit, total) in sorted(
        result["spans"].items(), key=lambda kv: (kv[0] != "all", kv[0])
    ):
        print(f"| {key} | {flag / total:.0%} | {anyhit / total:.0%} | {total} |")


def timing(rows, run_text, quick: bool) -> None:
    rng = random.Random(7)
    texts = [r["text"] for r in rows]
    print("\n| draft size | runs | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms |")
    print("|---|---|---|---|---|---|---|")
    for size, runs in ((2_000, 60 if quick else 300), (20_000, 10 if quick else 40)):
        samples, cpu = [], []
        for _ in range(runs):
            parts, length = [], 0
            while length < size:
                parts.append(rng.choice(texts))
                length += len(parts[-1]) + 2
            draft = "\n\n".join(parts)[:size]
            start, start_cpu = time.perf_counter(), time.process_time()
            run_text(draft)
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        samples.sort()
        cpu.sort()

        def p95(values):
            return values[min(len(values) - 1, int(len(values) * 0.95))]

        p50 = statistics.median(samples)
        cells = f"{p50:.1f} | {p95(samples):.1f} | {samples[-1]:.1f}"
        print(f"| {size:,} | {runs} | {cells} | {statistics.median(cpu):.1f} | {p95(cpu):.1f} |")


def adversarial() -> list[tuple[str, str]]:
    """Return 20,000-character inputs built to make regular expressions backtrack."""
    n = 20_000
    return [
        ("spaces", "миру" + " " * (n - 8) + "мир!"),
        ("one letter", "а" * n),
        ("one Latin letter", "a" * n),
        ("digits", "1" * n),
        ("digits and spaces", "1 " * (n // 2)),
        ("dashes", "-" * n),
        ("hyphenated lines", "слово-\n" * (n // 7)),
        ("masks", "х*" * (n // 2)),
        ("at signs", "a@" * (n // 2)),
        ("dots", "." * n),
        ("capitals", "А" * n),
        ("repeated word", "война " * (n // 6)),
        ("phone-like", "+7 " * (n // 3)),
        ("card-like", "1234 " * (n // 5)),
        ("street-like", "ул. " * (n // 4)),
        ("soft hyphens", "в\u00ad" * (n // 2)),
        ("no spaces Cyrillic", "абвгдежзийклмнопрстуфхцчшщ" * (n // 26)),
        ("mixed scripts", "аa" * (n // 2)),
        ("promise", "обещаю " + "x" * (n - 7)),
        ("emails", "a@b." * (n // 4)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", default="both", choices=["tune", "heldout", "both"])
    parser.add_argument("--misses", action="store_true", help="list missed spans and false flags")
    parser.add_argument("--quick", action="store_true", help="fewer timing runs")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()

    before = rss_mb()
    start = time.perf_counter()
    from eventsite.safety import checker, language, prisoner, rules

    rules.load_rules()
    language.detector()
    checker.check("Привет! Как дела? Hello.")
    loaded = time.perf_counter() - start
    after = rss_mb()

    def run(row):
        return checker.check(row["text"], facts=facts_of(row, prisoner))

    parts = ["tune", "heldout"] if args.part == "both" else [args.part]
    for part in parts:
        print_quality(part, evaluate(load(part), run, args.misses))
    if not args.no_timing:
        print("\n## time per letter")
        timing(load("both"), checker.check, args.quick)
        print("\n| adversarial 20,000-char input | ms |")
        print("|---|---|")
        worst = ("", 0.0)
        for name, text in adversarial():
            t = time.perf_counter()
            checker.check(text)
            ms = (time.perf_counter() - t) * 1000
            worst = max(worst, (name, ms), key=lambda w: w[1])
            print(f"| {name} | {ms:.1f} |")
        print(f"\nworst case: {worst[0]}, {worst[1]:.1f} ms")
    print(f"\nmodels and rules loaded in {loaded:.2f} s; extra memory {after - before:.0f} MB")
    print(f"memory after the benchmark: {rss_mb() - before:.0f} MB above the start")


if __name__ == "__main__":
    main()
