"""Consistent copies of the SQLite database, taken while the app runs, and restoring one."""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from eventsite.errors import DomainError


def sqlite_path(database_uri: str) -> Path:
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise DomainError(
            "not_sqlite",
            "backup and restore work on the built-in SQLite database. For PostgreSQL use "
            "pg_dump / pg_restore (see the README).",
        )
    return Path(url.database)


def backup(database_uri: str, target: Path) -> int:
    """Copy the live database to `target` with SQLite's online backup API; return pages."""
    source_path = sqlite_path(database_uri)
    if target.exists():
        raise DomainError("exists", f"{target} exists already; choose a new file name.")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        # Page by page; writers continue meanwhile and the copy is one consistent snapshot.
        source.backup(copy, pages=256)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise DomainError("corrupt", "The copy failed its integrity check.")
    finally:
        copy.close()
        source.close()
    return pages


def restore(database_uri: str, source: Path) -> None:
    """Replace the database's content with a backup (stop the app first)."""
    target_path = sqlite_path(database_uri)
    if not source.is_file():
        raise DomainError("missing", f"{source} does not exist.")
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise DomainError("corrupt", f"{source} is damaged; not restoring it.")
        tables = {r[0] for r in backup_db.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            raise DomainError("foreign", f"{source} is not a Letter evenings backup.")
        live = sqlite3.connect(target_path, timeout=30)
        try:
            backup_db.backup(live)
        finally:
            live.close()
    except sqlite3.DatabaseError as error:
        raise DomainError("corrupt", f"{source} is not a SQLite database: {error}") from error
    finally:
        backup_db.close()
