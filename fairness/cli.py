"""``vroegsignaal audit``: the fairness audit of a model version, sign-off and live monitoring.

- ``vroegsignaal audit [--model VERSION] [--json] [--export DIR] [--data DIR]`` audits a version
  (default: the active one, else the newest), prints every check with its interval and verdict,
  writes the report (``DATA/audits/<version>/``) and the gate
  (``DATA/models/<version>/fairness_gate.json``). ``--export`` also writes the audited rows as
  Parquet. Exit status 0 when the gate allows promotion, 1 when it does not, 2 on an error.
- ``vroegsignaal audit signoff --model V --reviewer NAAM --reason TEKST`` records an ethics
  reviewer's sign-off of an undetermined audit.
- ``vroegsignaal audit live [--json]`` repeats the audit on months scored in use whose outcomes
  are known, and raises alerts. Exit status 1 when there are new alerts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from fairness._audit import AuditError
from fairness._gate import sign_off
from fairness._live import live_audit
from fairness._policy import PolicyError, load_policy
from fairness._service import audit_model, export_evaluation
from fairness.messages import text
from signals.i18n import current_language
from signals.paths import DataDir, DataOption

__all__ = ["app"]

app = typer.Typer(
    add_completion=False,
    invoke_without_command=True,
    help="Eerlijkheidsaudit van een modelversie. / Fairness audit of a model version.",
)

ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Modelversie (standaard: het actieve model). / Model version."),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Druk één JSON-object af. / Print one JSON object.")
]


def _fail(exc: Exception) -> typer.Exit:
    message = text("beleid_fout", detail=str(exc)) if isinstance(exc, PolicyError) else str(exc)
    typer.echo(message, err=True)
    return typer.Exit(2)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _print_checks(payload: dict[str, Any]) -> None:
    width = max((len(c["attribute"]) for c in payload["checks"]), default=10)
    for c in payload["checks"]:
        name = c["group"] + (f" [{c['feature']}]" if c.get("feature") else "")
        typer.echo(
            f"  {c['attribute']:<{width}}  {name:<32.32}  {c['metric']:<20}  "
            f"{_number(c['value']):>6}  [{_number(c['ci_low'])}, {_number(c['ci_high'])}]  "
            f"n={c['n']:<6}  {text('verdict_' + c['verdict'])}"
        )


@app.callback()
def audit(
    ctx: typer.Context,
    model: ModelOption = None,
    as_json: JsonOption = False,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help="Schrijf de getoetste rijen als Parquet in deze map. / Write the audited rows "
            "as Parquet into this folder.",
        ),
    ] = None,
    mitigation: Annotated[
        bool | None,
        typer.Option(
            "--mitigatie/--geen-mitigatie",
            help="Toon groepsbewuste selectie naast het model (standaard: het beleid). / Show "
            "group-aware selection next to the model (default: the policy).",
        ),
    ] = None,
    data: DataOption = Path("data"),
) -> None:
    """Toets een modelversie en schrijf rapport en poort. / Audit a model version."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        outcome = audit_model(DataDir(data), model, policy=load_policy(), mitigation=mitigation)
        exported = (
            export_evaluation(outcome.frame, export, version=outcome.report.model_version)
            if export is not None
            else None
        )
    except (AuditError, PolicyError) as exc:
        raise _fail(exc) from None
    payload = outcome.report.to_json()
    gate = outcome.gate
    allowed = gate["verdict"] == "pass" or (
        gate["verdict"] == "undetermined" and gate.get("signoff") is not None
    )
    if as_json:
        payload["gate"] = gate
        payload["report_html"] = str(outcome.html_path)
        payload["export"] = str(exported) if exported else None
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        report = outcome.report
        typer.echo(
            text(
                "kop",
                version=report.model_version,
                scope=report.scope,
                months=len(report.months),
                rows=report.rows,
            )
        )
        _print_checks(payload)
        typer.echo(text("telling", **payload["counts"]))
        typer.echo(text("oordeel", verdict=text("verdict_" + report.verdict)))
        if report.verdict == "undetermined" and not allowed:
            typer.echo(text("onbeslist_uitleg", version=report.model_version))
        typer.echo(text("rapport_geschreven", html=outcome.html_path, json=outcome.json_path))
        typer.echo(text("gate_geschreven", path=DataDir(data).models / report.model_version))
        if exported is not None:
            typer.echo(text("export_geschreven", path=exported, rows=len(outcome.frame)))
    raise typer.Exit(0 if allowed else 1)


@app.command("signoff")
def signoff(
    model: Annotated[str, typer.Option("--model", help="Modelversie. / Model version.")],
    reviewer: Annotated[
        str, typer.Option("--reviewer", help="Naam van de ethisch toetser. / Reviewer's name.")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Reden. / Reason.")],
    data: DataOption = Path("data"),
) -> None:
    """Leg het akkoord van een ethisch toetser vast. / Record an ethics reviewer's sign-off."""
    try:
        sign_off(DataDir(data), model, reviewer=reviewer, reason=reason)
    except AuditError as exc:
        raise _fail(exc) from None
    typer.echo(text("signoff_vastgelegd", reviewer=reviewer.strip(), version=model))


@app.command("live")
def live(as_json: JsonOption = False, data: DataOption = Path("data")) -> None:
    """Toets de maanden in gebruik waarvan de uitkomsten bekend zijn. / Audit live months."""
    try:
        results = live_audit(DataDir(data), policy=load_policy())
    except (AuditError, PolicyError) as exc:
        raise _fail(exc) from None
    alerts = [a for r in results for a in r.alerts]
    if as_json:
        out = [
            {
                "model_version": r.model_version,
                "month": r.month,
                "verdict": r.report.verdict,
                "counts": r.report.counts,
                "report": str(r.json_path),
                "alerts": r.alerts,
            }
            for r in results
        ]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif not results:
        typer.echo(text("live_geen"))
    for r in results if not as_json else []:
        typer.echo(
            text(
                "live_maand",
                month=r.month,
                version=r.model_version,
                verdict=text("verdict_" + r.report.verdict),
                alerts=len(r.alerts),
            )
        )
        for alert in r.alerts:
            typer.echo("  " + alert[f"message_{current_language()}"])
    raise typer.Exit(1 if alerts else 0)
