"""``vroegsignaal validate [PATH]... [--json] [--data DIR]``: check deliveries without loading them.

Without a PATH it checks every delivery in the data folder (``--data``, ``VROEGSIGNAAL_DATA`` or
``./data``).

Prints per file: received, accepted, rejected (per reason code) and the first rejects with their
line numbers and messages. Exit status 0 when every record was accepted, 1 when anything was
rejected, 2 for a usage error (a path that does not exist or is not a delivery).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from signals.i18n import translate
from signals.paths import DataDir, DataOption
from signals.validate import DeliveryError, FileReport, KnownEvents, scan_deliveries, validate_file

__all__ = ["app"]

_MESSAGES: dict[str, dict[str, str]] = {
    "help": {
        "nl": "Controleer aanleveringen (bestanden of mappen zoals in het contract) zonder ze "
        "te laden.",
        "en": "Check deliveries (files or folders laid out as in the contract) without loading "
        "them.",
    },
    "file": {
        "nl": "{path}  (bron {bron}, soort {kind}, maand {month})",
        "en": "{path}  (source {bron}, kind {kind}, month {month})",
    },
    "counts": {
        "nl": "  ontvangen {received}, geaccepteerd {accepted}, geweigerd {rejected}",
        "en": "  received {received}, accepted {accepted}, rejected {rejected}",
    },
    "by_code": {"nl": "  geweigerd per reden: {codes}", "en": "  rejected by reason: {codes}"},
    "first": {"nl": "  eerste {n} weigeringen:", "en": "  first {n} rejects:"},
    "line": {"nl": "regel {line}", "en": "line {line}"},
    "whole": {"nl": "heel bestand", "en": "whole file"},
    "total": {
        "nl": "Totaal: {files} bestand(en), ontvangen {received}, geaccepteerd {accepted}, "
        "geweigerd {rejected}.",
        "en": "Total: {files} file(s), received {received}, accepted {accepted}, "
        "rejected {rejected}.",
    },
    "skipped": {
        "nl": "Overgeslagen (niet volgens het contract): {path}",
        "en": "Skipped (not laid out as in the contract): {path}",
    },
    "none": {
        "nl": "Geen aanleveringen gevonden in: {paths}",
        "en": "No deliveries found in: {paths}",
    },
    "json_help": {"nl": "Druk één JSON-object af.", "en": "Print one JSON object."},
    "max_help": {
        "nl": "Hoeveel weigeringen per bestand te tonen (0 = alle).",
        "en": "How many rejects to show per file (0 = all).",
    },
}


def _t(key: str, **values: Any) -> str:
    return translate(_MESSAGES, key, **values)


app = typer.Typer(add_completion=False, help=_t("help"))


def _print_report(report: FileReport, max_rejects: int | None) -> None:
    typer.echo(_t("file", path=report.path, bron=report.bron, kind=report.kind, month=report.month))
    typer.echo(
        _t("counts", received=report.received, accepted=report.accepted, rejected=report.rejected)
    )
    if not report.rejects:
        return
    codes = ", ".join(f"{code} {n}" for code, n in report.counts_by_code().items())
    typer.echo(_t("by_code", codes=codes))
    shown = report.rejects if max_rejects is None else report.rejects[:max_rejects]
    typer.echo(_t("first", n=len(shown)))
    for reject in shown:
        where = _t("whole") if reject.line is None else _t("line", line=reject.line)
        typer.echo(f"    {where:<12} {reject.code}  {reject.message}")


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Bestanden of mappen (standaard: de gegevensmap) / files or folders "
            "(default: the data folder)",
            show_default=False,
        ),
    ] = None,
    data: DataOption = Path("data"),
    as_json: Annotated[bool, typer.Option("--json", help=_t("json_help"))] = False,
    max_rejects: Annotated[int, typer.Option("--max-rejects", min=0, help=_t("max_help"))] = 20,
) -> None:
    """Controleer aanleveringen zonder ze te laden. / Check deliveries without loading them."""
    limit = max_rejects or None
    paths = paths or [DataDir.from_option(data).root]
    try:
        files, skipped = scan_deliveries(paths)
    except DeliveryError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    for path in skipped:
        typer.echo(_t("skipped", path=path), err=True)
    if not files:
        typer.echo(_t("none", paths=", ".join(str(p) for p in paths)), err=True)
        raise typer.Exit(2)
    known = KnownEvents()
    reports = []
    for path in files:
        report = validate_file(path, known=known, collect=False).report
        reports.append(report)
        if not as_json:
            _print_report(report, limit)
    if as_json:
        payload = {"files": [r.to_dict(max_rejects=limit) for r in reports]}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        typer.echo(
            _t(
                "total",
                files=len(reports),
                received=sum(r.received for r in reports),
                accepted=sum(r.accepted for r in reports),
                rejected=sum(r.rejected for r in reports),
            )
        )
    raise typer.Exit(1 if any(r.rejected for r in reports) else 0)
