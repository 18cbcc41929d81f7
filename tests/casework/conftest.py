"""Fixtures for the casework tests. Every test that takes ``store`` runs twice: on the embedded
SQLite default and on a real PostgreSQL server (marked ``postgres``)."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from casework import Store, User, open_store
from casework.db import sqlite_url
from casework.schema import Team
from casework.schema import User as UserRow
from signals.paths import DataDir
from tests.casework.cw_data import World, build_world
from tests.casework.cw_postgres import INSTALL_HINT, PostgresServer, start_server

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
_counter = itertools.count()
# Database names stay apart when several pytest workers share one server.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
TEMPLATE_DB = f"vs_casework_template_{WORKER}"

#: One account per role in team ``wijkteam``, plus a worker and a lead of team ``noord``. They are
#: created once in the template databases (argon2 hashing is slow on purpose).
PEOPLE = {
    "werker": ("maatschappelijk_werker", "wijkteam"),
    "werker2": ("maatschappelijk_werker", "wijkteam"),
    "leider": ("teamleider", "wijkteam"),
    "steward": ("data_steward", None),
    "ethiek": ("ethiek_reviewer", None),
    "beheer": ("beheerder", None),
    "noord": ("maatschappelijk_werker", "noord"),
    "noordleider": ("teamleider", "noord"),
}


def password_of(name: str) -> str:
    return "wachtwoord-" + name


def _seed(url: str) -> None:
    store = open_store(None, url=url)
    try:
        for name, (role, team) in PEOPLE.items():
            store.add_user(name, password_of(name), role=role, team=team)
    finally:
        store.close()


def _copy_accounts(source: str, target: str) -> None:
    """Copy the seeded accounts (with their argon2 hashes) instead of hashing them again."""
    src, dst = open_store(None, url=source), open_store(None, url=target)
    try:
        with src.read() as s_in, dst.write() as s_out:
            for table in (Team.__table__, UserRow.__table__):
                rows = [dict(r._mapping) for r in s_in.execute(sa.select(table))]
                s_out.execute(sa.insert(table), rows)
            s_out.execute(
                sa.text("SELECT setval(pg_get_serial_sequence('users', 'id'), max(id)) FROM users")
            )
    finally:
        src.close()
        dst.close()


@pytest.fixture(scope="session")
def pg_server(sqlite_template: Path) -> Iterator[PostgresServer]:
    try:
        server = start_server()
    except RuntimeError as err:
        pytest.fail(f"{err}\n{INSTALL_HINT}" if INSTALL_HINT not in str(err) else str(err))
    try:
        admin = sa.create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {TEMPLATE_DB}")
            conn.exec_driver_sql(f"CREATE DATABASE {TEMPLATE_DB}")
        admin.dispose()
        _copy_accounts(sqlite_url(sqlite_template), server.url(TEMPLATE_DB))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cw-template") / "casework.sqlite"
    _seed(sqlite_url(path))
    return path


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("cw-world") / "data", moved_out=1)


@pytest.fixture()
def world(world_template: World, tmp_path: Path) -> World:
    """A private copy of the DuckDB stores for one test."""
    root = tmp_path / "data"
    root.mkdir()
    for name in ("serving.duckdb", "restricted.duckdb"):
        shutil.copy(world_template.data.root / name, root / name)
    return World(
        data=DataDir(root),
        months=world_template.months,
        households=world_template.households,
        bsn=world_template.bsn,
        names=world_template.names,
        moved_out=world_template.moved_out,
    )


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def store_url(
    backend: str,
    request: pytest.FixtureRequest,
    world: World,
    sqlite_template: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """A fresh, migrated casework database for one test (SQLite file or PostgreSQL database)."""
    monkeypatch.delenv("VROEGSIGNAAL_DATABASE_URL", raising=False)
    if backend == "sqlite":
        shutil.copy(sqlite_template, world.data.casework_db)
        yield sqlite_url(world.data.casework_db)
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = f"vs_casework_{WORKER}_{next(_counter)}"
    admin = sa.create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        version = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
        strategy = " STRATEGY FILE_COPY" if version >= 150000 else ""  # faster for tiny dbs
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}{strategy}")
    try:
        yield server.url(name)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


@pytest.fixture()
def store(store_url: str, world: World) -> Iterator[Store]:
    s = open_store(world.data, url=store_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture()
def people(store: Store) -> dict[str, User]:
    """The seeded accounts of :data:`PEOPLE` as actors."""
    return {name: User(name, role, team) for name, (role, team) in PEOPLE.items()}
