"""Uploaded lists kept server-side between preview and confirm.

The parsed rows go to the instance folder under a random name, so the confirm step
imports exactly what was previewed and the browser never resends the data.
"""

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

from eventsite.prisoners.importing import ParsedFile
from eventsite.prisoners.models import IdSource

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MAX_AGE_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def save(parsed: ParsedFile, user_id: int, filename: str) -> str:
    """Store a parsed upload for its uploader; return its token."""
    forget_old()
    token = secrets.token_urlsafe(24)
    payload = {
        "user_id": user_id,
        "filename": filename,
        "header": parsed.header,
        "rows": parsed.rows,
        "source": parsed.source.value,
        "kind": parsed.kind,
        "encoding": parsed.encoding,
        "sheet": parsed.sheet,
        "sheets": parsed.sheets,
    }
    path = _folder() / f"{token}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    path.chmod(0o600)
    # Stamp the file with the app's clock, which `load` and `forget_old` compare against
    # (the file system's clock can differ: restored backups, frozen clocks in tests).
    now = time.time()
    os.utime(path, (now, now))
    return token


def load(token: str, user_id: int) -> tuple[ParsedFile, str] | None:
    """Return the upload and its file name if the token is the user's and still fresh."""
    payload = _payload(token, user_id)
    if payload is None or "header" not in payload:
        return None
    return _parsed(payload), payload["filename"]


def _parsed(payload: dict) -> ParsedFile:
    return ParsedFile(
        header=payload["header"],
        rows=[(line, cells) for line, cells in payload["rows"]],
        source=IdSource(payload["source"]),
        kind=payload["kind"],
        encoding=payload["encoding"],
        sheet=payload["sheet"],
        sheets=payload["sheets"],
    )


def save_rejects(text: str, user_id: int, filename: str, count: int) -> str:
    """Keep the rows an import left out (CSV text) for their uploader to download."""
    forget_old()
    token = secrets.token_urlsafe(24)
    payload = {"user_id": user_id, "filename": filename, "csv": text, "count": count}
    path = _folder() / f"{token}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    path.chmod(0o600)
    return token


def load_rejects(token: str, user_id: int) -> dict | None:
    """Return {filename, csv, count} of left-out rows if the token is the user's and fresh."""
    payload = _payload(token, user_id)
    return payload if payload is not None and "csv" in payload else None


def _payload(token: str, user_id: int) -> dict | None:
    if not TOKEN.match(token):
        return None
    path = _folder() / f"{token}.json"
    if not path.exists() or time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
        return None
    payload = json.loads(path.read_text(encoding="utf-8"))
    return payload if payload.get("user_id") == user_id else None


def claim(token: str, user_id: int) -> tuple[ParsedFile, str, Path] | None:
    """Take an upload for importing, so a second confirm (a double click) finds nothing.

    The file is renamed away atomically; only one of two simultaneous claims gets it.
    `release` puts it back if the import fails, `discard_claimed` removes it once done.
    """
    if load(token, user_id) is None:
        return None
    path = _folder() / f"{token}.json"
    claimed = path.with_name(f"{token}.{secrets.token_hex(4)}.importing")
    try:
        path.rename(claimed)
    except FileNotFoundError:
        return None  # the other click was first
    payload = json.loads(claimed.read_text(encoding="utf-8"))
    return _parsed(payload), payload["filename"], claimed


def release(token: str, claimed: Path) -> None:
    """The import failed: the upload can be confirmed again."""
    if TOKEN.match(token):
        claimed.rename(_folder() / f"{token}.json")


def discard_claimed(claimed: Path) -> None:
    claimed.unlink(missing_ok=True)


def discard(token: str) -> None:
    if TOKEN.match(token):
        (_folder() / f"{token}.json").unlink(missing_ok=True)


def forget_old() -> int:
    """Delete uploads nobody confirmed within a day; return how many went."""
    cutoff = time.time() - MAX_AGE_SECONDS
    gone = 0
    for path in [*_folder().glob("*.json"), *_folder().glob("*.importing")]:
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            gone += 1
    return gone
