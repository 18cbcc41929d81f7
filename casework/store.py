"""The casework store: one database (SQLite or PostgreSQL) plus the data folder it takes its
signals from. :func:`open_store` is the entry point; the :class:`Store` methods are the public
service API (see docs/casework.md)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from casework import audit
from casework.db import Engines, database_url_from_env, make_engines, migrate, sqlite_url
from casework.permissions import Action, require
from signals.paths import DataDir

if TYPE_CHECKING:
    from casework.intake import IntakeResult
    from casework.oversight import OverrideReportRow
    from casework.retention import RetentionResult
    from casework.views import (
        CaseDetail,
        CaseFilter,
        CaseSummary,
        TeamCapacity,
        User,
        WorkerLoad,
    )

__all__ = ["Store", "open_store"]


class Store:
    """A connection to the casework database. Thread-safe; open one per process."""

    def __init__(self, engines: Engines, *, data: DataDir | None, url: str) -> None:
        self.engines = engines
        self.data = data
        self.url = url
        self._write = sessionmaker(engines.write, expire_on_commit=False)
        self._read = sessionmaker(engines.read, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engines.dialect

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engines.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        with self._read() as session:  # closing ends the transaction without expiring objects
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction, serialised with all other writers; commits on success."""
        with self._write() as session, session.begin():
            audit.lock_head(session)  # take the writer lock before reading anything
            try:
                yield session
            finally:
                session.info.pop("audit_head", None)

    # -- users -------------------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> User | None:
        from casework.users import authenticate

        return authenticate(self, username, password)

    def add_user(
        self, username: str, password: str, *, role: str, team: str | None = None, actor: Any = None
    ) -> User:
        from casework.users import add_user

        return add_user(self, username, password, role=role, team=team, actor=actor)

    def list_users(self) -> list[dict[str, Any]]:
        from casework.users import list_users

        return list_users(self)

    def disable_user(self, username: str, *, actor: Any = None) -> None:
        from casework.users import disable_user

        disable_user(self, username, actor=actor)

    # -- cases -------------------------------------------------------------------------------
    def list_cases(
        self,
        actor: User,
        filters: CaseFilter | None = None,
        *,
        with_names: bool = False,
        today: date | None = None,
    ) -> list[CaseSummary]:
        from casework.board import list_cases

        return list_cases(self, actor, filters, with_names=with_names, today=today)

    def get_case(self, actor: User, case_id: int, *, today: date | None = None) -> CaseDetail:
        from casework.board import get_case

        return get_case(self, actor, case_id, today=today)

    def transition(
        self, actor: User, case_id: int, to_state: str, *, reason: str, expected_version: int
    ) -> CaseSummary:
        from casework.cases import transition

        return transition(
            self, actor, case_id, to_state, reason=reason, expected_version=expected_version
        )

    def take(
        self, actor: User, case_id: int, *, expected_version: int, reason: str | None = None
    ) -> CaseSummary:
        from casework.cases import take

        return take(self, actor, case_id, expected_version=expected_version, reason=reason)

    def assign(
        self,
        actor: User,
        case_id: int,
        username: str,
        *,
        expected_version: int,
        reason: str | None = None,
    ) -> CaseSummary:
        from casework.cases import assign

        return assign(
            self, actor, case_id, username, expected_version=expected_version, reason=reason
        )

    def add_note(self, actor: User, case_id: int, text: str) -> int:
        from casework.cases import add_note

        return add_note(self, actor, case_id, text)

    def close_case(
        self,
        actor: User,
        case_id: int,
        *,
        fix_kind: str,
        reason: str,
        expected_version: int,
        clashing_rules: Sequence[str] = (),
    ) -> CaseSummary:
        from casework.cases import close_case

        return close_case(
            self,
            actor,
            case_id,
            fix_kind=fix_kind,
            reason=reason,
            expected_version=expected_version,
            clashing_rules=clashing_rules,
        )

    def mark_threatening(
        self, actor: User, case_id: int, *, reason: str, expected_version: int
    ) -> CaseSummary:
        from casework.cases import mark_threatening

        return mark_threatening(
            self, actor, case_id, reason=reason, expected_version=expected_version
        )

    def record_objection(
        self, actor: User, case_id: int, *, reason: str, expected_version: int
    ) -> CaseSummary:
        from casework.cases import record_objection

        return record_objection(
            self, actor, case_id, reason=reason, expected_version=expected_version
        )

    # -- human oversight ---------------------------------------------------------------------
    def skip(
        self,
        actor: User,
        case_id: int,
        *,
        reason_code: str,
        reason_text: str,
        expected_version: int,
    ) -> CaseSummary:
        from casework.oversight import skip

        return skip(
            self,
            actor,
            case_id,
            reason_code=reason_code,
            reason_text=reason_text,
            expected_version=expected_version,
        )

    def add_household(
        self,
        actor: User,
        *,
        month: date,
        reason_code: str,
        reason_text: str,
        household_id: str | None = None,
        bsn: str | None = None,
    ) -> CaseSummary:
        from casework.oversight import add_household

        return add_household(
            self,
            actor,
            month=month,
            reason_code=reason_code,
            reason_text=reason_text,
            household_id=household_id,
            bsn=bsn,
        )

    def override_report(
        self, actor: User, *, by: str = "geslacht", min_cell: int = 5
    ) -> list[OverrideReportRow]:
        from casework.oversight import override_report

        return override_report(self, actor, by=by, min_cell=min_cell)

    def outcome_report(self, actor: User, *, team: str | None = None) -> dict[str, Any]:
        from casework.oversight import outcome_report

        return outcome_report(self, actor, team=team)

    def pseudonymised_explanations(
        self, actor: User, *, month: date | None = None
    ) -> list[dict[str, Any]]:
        from casework.oversight import pseudonymised_explanations

        return pseudonymised_explanations(self, actor, month=month)

    def access_log_summary(self, actor: User, *, days: int = 30) -> list[dict[str, Any]]:
        from casework.oversight import access_log_summary

        return access_log_summary(self, actor, days=days)

    # -- capacity ----------------------------------------------------------------------------
    def workload(self, actor: User, *, team: str | None = None) -> list[WorkerLoad]:
        from casework.capacity import workload

        return workload(self, actor, team=team)

    def capacity(
        self, actor: User, *, team: str | None = None, today: date | None = None
    ) -> TeamCapacity:
        from casework.capacity import capacity

        return capacity(self, actor, team=team, today=today)

    def set_capacity(
        self,
        actor: User,
        team: str,
        *,
        per_month: int | None,
        per_worker: int | None = None,
    ) -> TeamCapacity:
        from casework.capacity import set_capacity

        return set_capacity(self, actor, team, per_month=per_month, per_worker=per_worker)

    # -- operations --------------------------------------------------------------------------
    def intake(
        self,
        *,
        month: date | None = None,
        team: str | None = None,
        k: int | None = None,
        actor: User | None = None,
    ) -> IntakeResult:
        from casework.intake import run_intake

        return run_intake(self, month=month, team=team, k=k, actor=actor)

    def inzage(self, actor: User, bsn: str) -> dict[str, Any]:
        from casework.inzage import inzage

        return inzage(self, actor, bsn)

    def verify_audit(
        self, actor: User | None = None, *, expect_head: str | None = None
    ) -> audit.AuditReport:
        """Walk the hash chain. ``actor`` None means an operator at the command line."""
        if actor is not None:
            require(actor.role, Action.VERIFY_AUDIT)
        with self.read() as session:
            return audit.verify(session, expect_head=expect_head)

    def retention_log(self, actor: User, *, limit: int = 100) -> list[dict[str, Any]]:
        from casework.retention import retention_log

        return retention_log(self, actor, limit=limit)

    def retention(
        self,
        actor: User,
        *,
        log_months: int | None = None,
        case_months: int | None = None,
        today: date | None = None,
    ) -> RetentionResult:
        from casework.retention import run_retention

        return run_retention(
            self, actor, log_months=log_months, case_months=case_months, today=today
        )


def open_store(
    data: DataDir | Path | str | None = None, *, url: str | None = None, migrate_schema: bool = True
) -> Store:
    """Open the casework store.

    ``url`` (or ``VROEGSIGNAAL_DATABASE_URL``) names a PostgreSQL or SQLite database; without one,
    the embedded SQLite file ``DataDir.casework_db`` of ``data`` is used. ``data`` is also where
    intake and inzage find ``serving.duckdb`` and ``restricted.duckdb``. A string or path that
    contains ``://`` is taken as a URL. The schema is migrated to the latest version.
    """
    if isinstance(data, str) and "://" in data:
        url, data = data, None
    datadir = data if isinstance(data, DataDir) or data is None else DataDir(Path(data))
    url = url or database_url_from_env()
    if url is None:
        datadir = datadir or DataDir.from_option(None)
        url = sqlite_url(datadir.casework_db)
    engines = make_engines(url)
    if migrate_schema:
        migrate(engines)
    return Store(engines, data=datadir, url=url)
