"""``vroegsignaal simulate``: make a simulated municipality with deliveries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from signals.i18n import translate

__all__ = ["app"]

_MESSAGES = {
    "done": {
        "nl": "Klaar: {residents} inwoners, {months} maanden in {out}. "
        "Kalibratie binnen de marge: {ok} van {total}.",
        "en": "Done: {residents} residents, {months} months in {out}. "
        "Calibration within tolerance: {ok} of {total}.",
    },
    "faults": {
        "nl": "Aangebrachte fouten: {count} (zie {file}).",
        "en": "Injected faults: {count} (see {file}).",
    },
    "progress": {"nl": "Simuleren", "en": "Simulating"},
}

app = typer.Typer(add_completion=False, help="Maak een gesimuleerde gemeente met aanleveringen.")


@app.command()
def simulate_command(
    out: Annotated[Path, typer.Option("--out", help="Map voor de aanleveringen. / Output folder.")],
    residents: Annotated[int, typer.Option("--residents", help="Aantal inwoners.")] = 20_000,
    months: Annotated[int, typer.Option("--months", help="Aantal maanden.")] = 36,
    start: Annotated[str, typer.Option("--start", help="Eerste maand (JJJJ-MM).")] = "2023-01",
    seed: Annotated[int, typer.Option("--seed", help="Startgetal van het toeval.")] = 42,
    bias: Annotated[
        list[str] | None,
        typer.Option("--bias", help="Ingebouwde bias: SOORT:KENMERK=WAARDE:FACTOR[:BRON]."),
    ] = None,
    faults: Annotated[
        float, typer.Option("--faults", help="Deel van de records met een aanleverfout (0-0,5).")
    ] = 0.0,
) -> None:
    """Simuleer een gemeente: aanleveringen, grondwaarheid en samenvatting."""
    from signals.simulator import BiasError, SimulationError, simulate

    progress_cb = None
    progress_ctx = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, Progress, TimeElapsedColumn

        progress_ctx = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            "{task.completed}/{task.total}",
            TimeElapsedColumn(),
            transient=True,
        )
        task = progress_ctx.add_task(translate(_MESSAGES, "progress"), total=None)

        def progress_cb(done: int, total: int) -> None:
            progress_ctx.update(task, completed=done, total=total)

        progress_ctx.start()
    try:
        summary = simulate(
            out,
            residents=residents,
            months=months,
            start=start,
            seed=seed,
            bias=tuple(bias or ()),
            faults=faults,
            progress=progress_cb,
        )
    except (BiasError, SimulationError) as exc:
        if progress_ctx is not None:
            progress_ctx.stop()
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if progress_ctx is not None:
        progress_ctx.stop()
    cal = summary["calibration"]
    typer.echo(
        translate(
            _MESSAGES,
            "done",
            residents=residents,
            months=months,
            out=out,
            ok=sum(1 for c in cal if c["within_tolerance"]),
            total=len(cal),
        )
    )
    if summary["faults"].get("count"):
        typer.echo(
            translate(
                _MESSAGES,
                "faults",
                count=summary["faults"]["count"],
                file=summary["faults"]["file"],
            )
        )
