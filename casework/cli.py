"""``vroegsignaal casework``: intake, inzage, audit verification, retention, team capacity."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from casework.errors import CaseworkError
from casework.messages import message as _t
from casework.retention import DEFAULT_CASE_MONTHS, DEFAULT_LOG_MONTHS
from casework.store import open_store
from casework.views import User
from signals.paths import DataDir, DataOption

__all__ = ["app", "friendly", "parse_month"]

app = typer.Typer(help=_t("cli.help"), no_args_is_help=True, add_completion=False)

F = TypeVar("F", bound=Callable[..., Any])


def parse_month(value: str) -> date:
    """``YYYY-MM`` -> the first day of that month."""
    try:
        year, month = value.strip().split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CaseworkError("error.bad_month", waarde=value) from None


def friendly(func: F) -> F:
    """Show a CaseworkError as its message (exit code 1), not as a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CaseworkError as err:
            typer.echo(str(err), err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@app.command(help=_t("cli.intake_help"))
@friendly
def intake(
    data: DataOption = Path("data"),
    month: Annotated[str | None, typer.Option("--month", help=_t("cli.month_help"))] = None,
    team: Annotated[str | None, typer.Option("--team", help=_t("cli.team_help"))] = None,
    k: Annotated[int | None, typer.Option("--k", help=_t("cli.k_help"))] = None,
) -> None:
    with open_store(DataDir.from_option(data)) as store:
        result = store.intake(
            month=parse_month(month) if month else None,
            team=team,
            k=k,
            actor=User.system("intake"),
        )
    typer.echo(
        _t(
            "cli.intake_summary",
            month=f"{result.month:%Y-%m}",
            team=result.team,
            k=result.k,
            created=len(result.created),
            updated=len(result.updated),
            unchanged=result.unchanged,
            objection=result.skipped_objection,
            moved=len(result.closed_moved),
        )
    )


@app.command(help=_t("cli.inzage_help"))
@friendly
def inzage(
    bsn: Annotated[str, typer.Option("--bsn", help=_t("cli.bsn_help"))],
    data: DataOption = Path("data"),
    as_json: Annotated[bool, typer.Option("--json", help=_t("cli.json_help"))] = False,
) -> None:
    with open_store(DataDir.from_option(data)) as store:
        report = store.inzage(User.system("inzage"), bsn)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    echo = typer.echo
    echo(_t("cli.inzage_title", bsn=report["bsn"]))
    echo(_t("cli.inzage_cases", n=len(report["casussen"])))
    for case in report["casussen"]:
        echo(_t("cli.inzage_case", id=case["casus"], status=case["status"], team=case["team"]))
        for person in case["gegevens"]:
            echo(_t("cli.inzage_person", **person))
        for reason in case["redenen"]:
            echo(_t("cli.inzage_reason", reason=reason))
        for step in case["verloop"]:
            echo(
                _t(
                    "cli.inzage_step",
                    at=step["op"],
                    kind=step["soort"],
                    actor=step["door"],
                    to=step["naar"] or "-",
                )
            )
    echo(_t("cli.inzage_scores", n=len(report["scores"])))
    for score in report["scores"]:
        echo(
            _t(
                "cli.inzage_score",
                month=score["maand"],
                rank=score["rang"],
                version=score["modelversie"],
            )
        )
    echo(_t("cli.inzage_views", n=len(report["inzage_door_anderen"])))
    for view in report["inzage_door_anderen"]:
        echo(
            _t(
                "cli.inzage_view",
                at=view["op"],
                actor=view["door"],
                what=view["wat"],
                case=view["casus"] or "-",
            )
        )


@app.command("verify-audit", help=_t("cli.verify_help"))
@friendly
def verify_audit(
    data: DataOption = Path("data"),
    expect_head: Annotated[
        str | None, typer.Option("--expect-head", help=_t("cli.expect_head_help"))
    ] = None,
) -> None:
    with open_store(DataDir.from_option(data)) as store:
        report = store.verify_audit(expect_head=expect_head)
    for line in report.lines():
        typer.echo(line, err=not report.ok)
    if not report.ok:
        raise typer.Exit(1)


@app.command(help=_t("cli.retention_help"))
@friendly
def retention(
    data: DataOption = Path("data"),
    log_months: Annotated[
        int, typer.Option("--log-months", help=_t("cli.log_months_help"))
    ] = DEFAULT_LOG_MONTHS,
    case_months: Annotated[
        int, typer.Option("--case-months", help=_t("cli.case_months_help"))
    ] = DEFAULT_CASE_MONTHS,
) -> None:
    with open_store(DataDir.from_option(data)) as store:
        result = store.retention(
            User.system("retention"), log_months=log_months, case_months=case_months
        )
    typer.echo(
        _t(
            "cli.retention_summary",
            cases=result.cases_anonymised,
            case_cutoff=f"{result.case_cutoff:%Y-%m-%d}",
            entries=result.log_entries_deleted,
            log_cutoff=f"{result.log_cutoff:%Y-%m-%d}",
        )
    )


@app.command(help=_t("cli.capacity_help"))
@friendly
def capacity(
    team: Annotated[str, typer.Argument(help=_t("cli.team_help"))],
    data: DataOption = Path("data"),
    per_month: Annotated[
        int | None, typer.Option("--per-month", help=_t("cli.per_month_help"))
    ] = None,
    per_worker: Annotated[
        int | None, typer.Option("--per-worker", help=_t("cli.per_worker_help"))
    ] = None,
) -> None:
    with open_store(DataDir.from_option(data)) as store:
        cap = store.set_capacity(
            User.system("capacity"), team, per_month=per_month, per_worker=per_worker
        )
    k = cap.capacity_per_month if cap.capacity_per_month is not None else _t("cli.model_default")
    typer.echo(_t("cli.capacity_summary", team=cap.team, k=k, per_worker=cap.cases_per_worker))
