"""Extensions, created once and bound to an app in `create_app`."""

import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from flask import current_app
from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.expression import Executable

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


db = SQLAlchemy(model_class=Base)

# The base every model subclasses. Flask-SQLAlchemy builds `db.Model` at run time from `Base`
# (adding its bind-key and naming mixins, sharing Base's metadata and registry); a type
# checker cannot follow that, so it is shown the typed SQLAlchemy 2 base it is made from.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
cache = Cache()
# Storage from RATELIMIT_STORAGE_URI: memory:// by default, redis://… for several processes.
limiter = Limiter(get_remote_address)


def changed_rows(statement: Executable) -> int:
    """Run an UPDATE or DELETE in the current transaction; return how many rows it changed."""
    # DML statements always come back as a CursorResult, which knows its rowcount.
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount


def limit(name: str):
    """Rate-limit a view's POSTs by the configured rule `RATELIMIT_<NAME>`."""
    return limiter.limit(
        lambda: current_app.config[f"RATELIMIT_{name.upper()}"], methods=["POST"], scope=name
    )


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # WAL lets readers work while one writer writes; the busy timeout makes
    # concurrent writers queue instead of failing with "database is locked".
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Purged attendee data is overwritten on disk, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()
