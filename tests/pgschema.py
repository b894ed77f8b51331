"""A PostgreSQL schema of its own for a test or benchmark run, dropped afterwards."""

import secrets
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from eventsite.config import _normalise_db_url


@contextmanager
def temporary_schema(url: str, prefix: str = "tmp"):
    """Yield (url, engine options) that put every table in a fresh schema."""
    url = _normalise_db_url(url)
    schema = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield url, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
