"""The topics letters should avoid, read from `topics.json`: the letter check and the
printed writing guide share them."""

import json
from functools import cache
from pathlib import Path

TOPICS_PATH = Path(__file__).with_name("topics.json")


@cache
def topics() -> dict[str, dict]:
    """Return the topics by id, in the file's order (titles and reasons in each language)."""
    data = json.loads(TOPICS_PATH.read_text(encoding="utf-8"))
    return {t["id"]: t for t in data["topics"]}
