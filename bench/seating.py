"""Time auto-assign (300 people, 60 tables, 200 prisoners) and suggestions (10,000 candidates)."""

import random
import statistics
import time
from datetime import date, timedelta

from eventsite.seating.assign import AttendeeIn, PrisonerIn, Table, auto_assign
from eventsite.seating.suggest import Candidate, suggest

RUNS = 15


def median_ms(fn) -> float:
    """Run fn RUNS times and return the median wall time in milliseconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    rnd = random.Random(2024)
    tables = [Table(tid, str(tid), rnd.choice((4, 5, 6, 7))) for tid in range(1, 61)]
    prisoners = [PrisonerIn(pid, rnd.random() < 0.1) for pid in range(1, 201)]
    attendees = [AttendeeIn(aid, rnd.random() < 0.4, rnd.random() < 0.3) for aid in range(1, 301)]
    result = auto_assign(tables, prisoners, attendees)
    half_p = {pid: tid for pid, tid in result.prisoners.items() if pid % 2}
    half_a = {aid: tid for aid, tid in result.attendees.items() if aid % 2}

    empty = median_ms(lambda: auto_assign(tables, prisoners, attendees))
    half = median_ms(lambda: auto_assign(tables, prisoners, attendees, half_p, half_a))
    seats = sum(t.seats for t in tables)
    print(f"auto-assign, 300 people / 60 tables ({seats} seats) / 200 prisoners:")
    print(f"  nobody placed yet:   {empty:6.1f} ms (median of {RUNS})")
    print(f"  half already placed: {half:6.1f} ms (median of {RUNS})")

    statuses = ["active"] * 8 + ["released", "unknown"]
    tags = ["women", "journalists", "minors", "religion", "anti-war"]
    candidates = [
        Candidate(
            cid,
            f"Prisoner {cid}",
            rnd.choice(statuses),
            date(1950, 1, 1) + timedelta(days=rnd.randrange(365 * 55)),
            "",
            frozenset(rnd.sample(tags, rnd.randrange(3))),
            rnd.randrange(20),
        )
        for cid in range(1, 10_001)
    ]
    ranked = median_ms(lambda: suggest(candidates, date(2025, 12, 20), 14, theme="women"))
    print(f"suggestions, 10,000 candidates: {ranked:6.1f} ms (median of {RUNS})")


if __name__ == "__main__":
    main()
