"""How many generated cases the fuzz tests ran (printed at the end of the test run)."""

CASES: dict[str, int] = {}


def count(name: str) -> None:
    CASES[name] = CASES.get(name, 0) + 1
