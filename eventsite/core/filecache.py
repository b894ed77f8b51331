"""Rendered documents kept under instance/print-cache/<evening>/, named by their content's key.

A file's name is the hash of everything that went into it (the data, the templates and
stylesheet, the language, the paper), so a changed evening asks for a new name and an
old file is never served for it. The files carry attendees' names: the attendee purge
deletes an evening's folder (`drop`), and writing a newer version of a document deletes
the older ones.
"""

import os
import time
from pathlib import Path

from flask import current_app

PENDING_SECONDS = 300  # a render asked for longer ago than this is asked for again


def folder(event_id: int) -> Path:
    return Path(current_app.instance_path, "print-cache", str(int(event_id)))


def read(event_id: int, name: str) -> bytes | None:
    try:
        return (folder(event_id) / f"{name}.pdf").read_bytes()
    except FileNotFoundError:
        return None


def wait_for(event_id: int, name: str, seconds: float, step: float = 0.05) -> bytes | None:
    """`read`, looking again every `step` for up to `seconds` (a worker is writing it)."""
    deadline = time.monotonic() + seconds
    while (data := read(event_id, name)) is None and time.monotonic() < deadline:
        time.sleep(step)
    return data


def write(event_id: int, family: str, name: str, data: bytes) -> None:
    """Store `data` as `name`, atomically, and drop older files of the same `family`."""
    where = folder(event_id)
    where.mkdir(parents=True, exist_ok=True)
    partial = where / f".{name}.{os.getpid()}.part"
    partial.write_bytes(data)
    partial.replace(where / f"{name}.pdf")
    for old in where.glob(f"{family}--*.pdf"):
        if old.stem != name:
            old.unlink(missing_ok=True)
    (where / f"{name}.pending").unlink(missing_ok=True)


def claim(event_id: int, name: str) -> bool:
    """Say a render of `name` is under way; False if one already is (ask only once)."""
    where = folder(event_id)
    where.mkdir(parents=True, exist_ok=True)
    marker = where / f"{name}.pending"
    try:
        if time.time() - marker.stat().st_mtime > PENDING_SECONDS:
            marker.unlink(missing_ok=True)  # the worker that had it died
    except FileNotFoundError:
        pass
    try:
        marker.open("x").close()
    except FileExistsError:
        return False
    return True


def release(event_id: int, name: str) -> None:
    (folder(event_id) / f"{name}.pending").unlink(missing_ok=True)


def drop(event_id: int) -> int:
    """Delete every rendered document of an evening; return how many files went."""
    where = folder(event_id)
    gone = 0
    for path in where.glob("*"):
        path.unlink(missing_ok=True)
        gone += 1
    if where.is_dir():
        where.rmdir()
    return gone
