"""Print branch coverage per package of eventsite/ and fail under the floor in pyproject.toml.

Run after `coverage run -m pytest` (what `make test` does). `--no-floor` only prints, for
partial runs.
"""

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import coverage


def package_of(path: str) -> str:
    """Return `eventsite.auth` for eventsite/auth/views.py, `eventsite` for eventsite/cli.py."""
    parts = Path(path).parts
    inside = parts[parts.index("eventsite") :]
    return ".".join(inside[:2]) if len(inside) > 2 else "eventsite"


def main(argv: list[str]) -> int:
    cov = coverage.Coverage()
    cov.load()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "coverage.json")
        cov.json_report(outfile=str(out))
        report = json.loads(out.read_text())

    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for path, data in report["files"].items():
        summary = data["summary"]
        row = sums[package_of(path)]
        row[0] += summary["num_statements"]
        row[1] += summary["covered_lines"]
        row[2] += summary["num_branches"]
        row[3] += summary["covered_branches"]

    print(f"{'branch coverage by package':<28}{'lines':>12}{'branches':>14}{'cover':>8}")
    for package in sorted(sums):
        statements, lines, branches, taken = sums[package]
        percent = 100 * (lines + taken) / max(statements + branches, 1)
        print(
            f"{package:<28}{f'{lines}/{statements}':>12}{f'{taken}/{branches}':>14}{percent:>7.1f}%"
        )

    total = report["totals"]["percent_covered"]
    floor = float(cov.config.get_option("report:fail_under") or 0)
    precision = int(cov.config.get_option("report:precision") or 0)
    print(f"{'TOTAL':<54}{total:>7.{precision}f}%  (floor {floor:g}%)")
    if "--no-floor" not in argv and round(total, precision) < floor:
        print(f"Coverage {total:.{precision}f}% is under the floor of {floor:g}% (pyproject.toml).")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
