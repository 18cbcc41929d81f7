"""Database connections and migrations.

The embedded default is SQLite in the data folder, in WAL mode. Production uses PostgreSQL, named
by ``VROEGSIGNAAL_DATABASE_URL`` (``postgresql://user:pass@host/db``). Both run the same Alembic
migrations, applied programmatically when a store is opened.

Write transactions are serialised: on SQLite they start with ``BEGIN IMMEDIATE`` (so two writers
never deadlock upgrading a read lock), on PostgreSQL each one locks the audit-chain head row first.
That keeps the hash chain linear and makes optimistic locking of cases exact.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

__all__ = ["DATABASE_URL_ENV", "Engines", "make_engines", "migrate", "normalise_url", "sqlite_url"]

DATABASE_URL_ENV = "VROEGSIGNAAL_DATABASE_URL"
_MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 72_070_007  # pg advisory lock key for concurrent upgrades


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs (SQLAlchemy would pick psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


class Engines:
    """A write engine and a read engine on the same database (the same engine on PostgreSQL)."""

    def __init__(self, write: Engine, read: Engine) -> None:
        self.write = write
        self.read = read

    @property
    def dialect(self) -> str:
        return self.write.dialect.name

    def dispose(self) -> None:
        self.write.dispose()
        if self.read is not self.write:
            self.read.dispose()


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engines(url: str) -> Engines:
    """Engines for ``url`` (``sqlite:///...`` or ``postgresql://...``)."""
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        Path(make_url(url).database or "").parent.mkdir(parents=True, exist_ok=True)
        return Engines(_sqlite_engine(url, immediate=True), _sqlite_engine(url, immediate=False))
    engine = create_engine(url, pool_pre_ping=True)
    return Engines(engine, engine)


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def migrate(engines: Engines) -> None:
    """Bring the schema to the latest revision (cheap when it already is)."""
    cfg = _config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engines.read.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with engines.write.begin() as conn:
        if engines.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def database_url_from_env() -> str | None:
    return os.environ.get(DATABASE_URL_ENV) or None
