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
from casework.retention import DEFAULT_CASE_MONTHS, DEFAULT_LOG_MONTHS
from casework.store import open_store
from casework.views import User
from signals.paths import DataDir, DataOption

__all__ = ["app", "parse_month"]

app = typer.Typer(
    help="Casussen: intake, inzage, auditspoor en bewaartermijnen. / Cases: intake, access "
    "requests, audit trail and retention.",
    no_args_is_help=True,
    add_completion=False,
)

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


def _operator(task: str) -> User:
    return User.system(task)


@app.command()
@friendly
def intake(
    data: DataOption = Path("data"),
    month: Annotated[
        str | None, typer.Option("--month", help="Scoremaand JJJJ-MM (standaard: de laatste).")
    ] = None,
    team: Annotated[str | None, typer.Option("--team", help="Team (standaard: wijkteam).")] = None,
    k: Annotated[
        int | None, typer.Option("--k", help="Aantal voorstellen (standaard: capaciteit team).")
    ] = None,
) -> None:
    """Zet de top-k huishoudens van een scoremaand om in voorstellen (idempotent)."""
    with open_store(DataDir.from_option(data)) as store:
        result = store.intake(
            month=parse_month(month) if month else None, team=team, k=k, actor=_operator("intake")
        )
    typer.echo(
        f"Intake {result.month:%Y-%m} voor {result.team} (k={result.k}): "
        f"{len(result.created)} nieuw, {len(result.updated)} bijgewerkt, "
        f"{result.unchanged} al verwerkt, {result.skipped_objection} overgeslagen wegens bezwaar, "
        f"{len(result.closed_moved)} gesloten wegens verhuizing."
    )


@app.command()
@friendly
def inzage(
    bsn: Annotated[str, typer.Option("--bsn", help="BSN van de bewoner.")],
    data: DataOption = Path("data"),
    as_json: Annotated[bool, typer.Option("--json", help="Als JSON.")] = False,
) -> None:
    """Alles wat over een bewoner is vastgelegd, en wie het heeft ingezien."""
    with open_store(DataDir.from_option(data)) as store:
        report = store.inzage(_operator("inzage"), bsn)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    typer.echo(f"Inzage voor BSN {report['bsn']}")
    typer.echo(f"Casussen: {len(report['casussen'])}")
    for case in report["casussen"]:
        typer.echo(f"- Casus {case['casus']} ({case['status']}), team {case['team']}")
        for person in case["gegevens"]:
            typer.echo(f"  Gegevens: {person['naam']}, {person['adres']}, {person['telefoon']}")
        for reason in case["redenen"]:
            typer.echo(f"  Reden: {reason}")
        for step in case["verloop"]:
            typer.echo(f"  {step['op']}: {step['soort']} door {step['door']} ({step['naar']})")
    typer.echo(f"Scores: {len(report['scores'])} maanden")
    for score in report["scores"]:
        typer.echo(f"- {score['maand']}: rang {score['rang']} ({score['modelversie']})")
    typer.echo(f"Ingezien door anderen: {len(report['inzage_door_anderen'])} keer")
    for view in report["inzage_door_anderen"]:
        typer.echo(f"- {view['op']}: {view['door']} ({view['wat']}, casus {view['casus']})")


@app.command("verify-audit")
@friendly
def verify_audit(
    data: DataOption = Path("data"),
    expect_head: Annotated[
        str | None, typer.Option("--expect-head", help="Eerder gepubliceerde laatste hash.")
    ] = None,
) -> None:
    """Controleer de hashketen van het auditspoor (exitcode 1 bij een fout)."""
    with open_store(DataDir.from_option(data)) as store:
        report = store.verify_audit(expect_head=expect_head)
    for line in report.lines():
        typer.echo(line, err=not report.ok)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
@friendly
def retention(
    data: DataOption = Path("data"),
    log_months: Annotated[
        int, typer.Option("--log-months", help="Bewaartermijn logboek in maanden (minstens 6).")
    ] = DEFAULT_LOG_MONTHS,
    case_months: Annotated[
        int, typer.Option("--case-months", help="Bewaartermijn afgesloten casussen in maanden.")
    ] = DEFAULT_CASE_MONTHS,
) -> None:
    """Anonimiseer oude afgesloten casussen en verwijder oude logregels."""
    with open_store(DataDir.from_option(data)) as store:
        result = store.retention(
            _operator("retention"), log_months=log_months, case_months=case_months
        )
    typer.echo(
        f"{result.cases_anonymised} casussen geanonimiseerd (gesloten voor "
        f"{result.case_cutoff:%Y-%m-%d}), {result.log_entries_deleted} logregels verwijderd "
        f"(ouder dan {result.log_cutoff:%Y-%m-%d})."
    )


@app.command()
@friendly
def capacity(
    team: Annotated[str, typer.Argument(help="Team.")],
    data: DataOption = Path("data"),
    per_month: Annotated[
        int | None, typer.Option("--per-month", help="Voorstellen per scoremaand (k).")
    ] = None,
    per_worker: Annotated[
        int | None, typer.Option("--per-worker", help="Open casussen per werker.")
    ] = None,
) -> None:
    """Stel de capaciteit van een team in."""
    with open_store(DataDir.from_option(data)) as store:
        cap = store.set_capacity(
            _operator("capacity"), team, per_month=per_month, per_worker=per_worker
        )
    k = cap.capacity_per_month if cap.capacity_per_month is not None else "modelstandaard"
    typer.echo(f"Team {cap.team}: k={k}, {cap.cases_per_worker} casussen per werker.")


def main() -> None:  # pragma: no cover
    app(prog_name="vroegsignaal casework")


if __name__ == "__main__":  # pragma: no cover
    main()
