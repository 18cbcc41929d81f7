"""``vroegsignaal run``: the whole pipeline, in-process through Dagster, with progress."""

import warnings
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from signals.i18n import translate
from signals.paths import DataDir, DataOption

__all__ = ["app"]

_MESSAGES: dict[str, dict[str, str]] = {
    "no_data": {
        "nl": "Geen aanleveringen gevonden in {path}. Maak eerst een gesimuleerde gemeente met "
        "'vroegsignaal simulate' of zet de bestanden in brp/, landing/ en uitkomsten/.",
        "en": "No deliveries found in {path}. First create a simulated municipality with "
        "'vroegsignaal simulate' or put the files in brp/, landing/ and uitkomsten/.",
    },
    "bad_month": {
        "nl": "--through moet een maand zijn als 2024-03, niet '{value}'.",
        "en": "--through must be a month like 2024-03, not '{value}'.",
    },
    "busy": {"nl": "Pijplijn draait", "en": "Pipeline running"},
    "failed": {
        "nl": "De pijplijn is niet helemaal gelukt: zie de Dagster-run (DAGSTER_HOME={home}). "
        "Wat al klaar was, blijft staan; draai opnieuw na het oplossen.",
        "en": "The pipeline did not complete: see the Dagster run (DAGSTER_HOME={home}). "
        "What was finished stays; run again after fixing it.",
    },
    "summary": {
        "nl": "Klaar in {seconds:.1f} s: {months} maanden ({first} t/m {last}), {received} "
        "records ontvangen, {accepted} geaccepteerd, {rejected} geweigerd, {dropped} niet van "
        "inwoners (volgens beleid niet verwerkt); koppeling {linkage}; {features} "
        "huishouden-maanden met kenmerken.",
        "en": "Done in {seconds:.1f} s: {months} months ({first} to {last}), {received} records "
        "received, {accepted} accepted, {rejected} rejected, {dropped} not of residents "
        "(dropped by policy); linkage {linkage}; {features} household-months with features.",
    },
}

app = typer.Typer(add_completion=False, help="Draai de hele pijplijn via Dagster.")


@app.command()
def run(
    data: DataOption = Path("data"),
    through: Annotated[
        str | None,
        typer.Option("--through", help="Laatste maand (JJJJ-MM). / Last month (YYYY-MM)."),
    ] = None,
) -> None:
    """Valideer, koppel en verwerk alle aanleveringen tot kenmerken per huishouden en maand."""
    warnings.filterwarnings("ignore", category=Warning, module="dagster")
    from pipelines.partitions import delivered_months, parse_month
    from pipelines.runner import instance_for, run_pipeline

    folder = DataDir.from_option(data)
    console = Console(stderr=True)
    if through is not None:
        try:
            parse_month(through)
        except ValueError:
            console.print(translate(_MESSAGES, "bad_month", value=through))
            raise typer.Exit(2) from None
    if not delivered_months(folder):
        console.print(translate(_MESSAGES, "no_data", path=str(folder.root)))
        raise typer.Exit(2)
    instance = instance_for(folder)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[step]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(translate(_MESSAGES, "busy"), total=None, step="")

        def on_step(kind: str, step: str) -> None:
            if kind == "STEP_START":
                progress.update(task, step=step)
            else:
                progress.advance(task)

        summary = run_pipeline(folder, through=through, instance=instance, on_step=on_step)
    linkage = f"{summary.linkage:.1%}" if summary.linkage is not None else "-"
    typer.echo(
        translate(
            _MESSAGES,
            "summary",
            seconds=summary.seconds,
            months=len(summary.months),
            first=summary.months[0],
            last=summary.months[-1],
            received=summary.received,
            accepted=summary.accepted,
            rejected=summary.rejected,
            dropped=summary.dropped_by_policy,
            linkage=linkage,
            features=summary.household_months,
        )
    )
    if not summary.success:
        console.print(translate(_MESSAGES, "failed", home=str(folder.dagster_home.resolve())))
        raise typer.Exit(1)
