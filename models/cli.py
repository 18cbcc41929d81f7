"""``vroegsignaal model ...``: train, report, activate, card.

- ``train``: train on the published serving store and freeze a new registry version.
- ``report [--json]``: the active model's metrics next to the baselines and the oracle (the newest
  version when none is active yet, marked as such).
- ``activate VERSION``: make a version the one scoring uses; refused unless its fairness gate
  passed (or is undetermined with a written sign-off).
- ``card``: write the model card (Markdown, HTML) and the Algoritmeregister entry.

Exit status 0 on success, 1 when the request is refused or the data cannot support it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from models import registry
from models.messages import ModelError
from models.training import TrainingConfig
from signals.i18n import current_language, translate
from signals.paths import DataDir, DataOption

__all__ = ["app", "report_payload"]

_MESSAGES: dict[str, dict[str, str]] = {
    "help": {
        "nl": "Risicomodel: trainen, rapport, activeren, modelkaart.",
        "en": "Risk model: train, report, activate, model card.",
    },
    "json_help": {"nl": "Druk één JSON-object af.", "en": "Print one JSON object."},
    "k_help": {
        "nl": "Vaste capaciteit k per maand (standaard 2 per 1.000 inwoners).",
        "en": "Fixed capacity k per month (default 2 per 1,000 residents).",
    },
    "version_help": {
        "nl": "Modelversie (standaard: de actieve).",
        "en": "Model version (default: the active one).",
    },
    "header": {
        "nl": "Model {version}{state}: k = {k} huishoudens per maand, {n} testmaanden "
        "({first} t/m {last})",
        "en": "Model {version}{state}: k = {k} households per month, {n} test months "
        "({first} to {last})",
    },
    "not_active": {"nl": " (nog niet actief)", "en": " (not active yet)"},
    "fraction": {
        "nl": "Het model haalt {fraction} van de precisie van het orakel en {ratio} keer die "
        "van de drempelregel.",
        "en": "The model reaches {fraction} of the oracle's precision and {ratio} times the "
        "threshold rule's.",
    },
}

_LABELS = {
    "model": {"nl": "model", "en": "model"},
    "threshold_rule": {"nl": "drempelregel", "en": "threshold rule"},
    "logistic_regression": {"nl": "logistische regressie", "en": "logistic regression"},
    "oracle": {"nl": "orakel", "en": "oracle"},
}


def _t(key: str, **values: Any) -> str:
    return translate(_MESSAGES, key, **values)


app = typer.Typer(add_completion=False, help=_t("help"), no_args_is_help=True)


def _fail(exc: ModelError) -> typer.Exit:
    typer.echo(exc.text(), err=True)
    return typer.Exit(1)


def _data(path: Path) -> DataDir:
    return DataDir.from_option(path)


@app.command()
def train(
    data: DataOption = Path("data"),
    k: Annotated[int | None, typer.Option("--k", min=1, help=_t("k_help"))] = None,
) -> None:
    """Train en leg een nieuwe modelversie vast. / Train and freeze a new model version."""
    from models.messages import message
    from models.workflow import train_and_register

    folder = _data(data)
    try:
        version, created = train_and_register(folder, config=TrainingConfig(k=k))
    except ModelError as exc:
        raise _fail(exc) from None
    key = "getraind" if created else "al_getraind"
    typer.echo(message(key, version=version, path=folder.models / version))


def report_payload(folder: DataDir, version: str | None = None) -> dict[str, Any]:
    """The report as a dict: ``model_version``, ``active``, and the metrics summary of
    ``models.report`` (``k``, ``test_months``, ``precision_at_k``, ``recall_at_k``, ``pr_auc``,
    ``brier`` each with ``model``, ``threshold_rule``, ``logistic_regression``, ``oracle``, and
    ``per_month``)."""
    active: str | None
    try:
        active = registry.active_version(folder)
    except ModelError:
        active = None
    if version is None:
        version = active
    if version is None:
        versions = registry.list_versions(folder)
        if not versions:
            raise ModelError("geen_modellen", path=str(folder.models))
        version = versions[-1]
    metrics = registry.load(folder, version).metrics
    return {"model_version": version, "active": version == active, **metrics}


@app.command()
def report(
    data: DataOption = Path("data"),
    as_json: Annotated[bool, typer.Option("--json", help=_t("json_help"))] = False,
    version: Annotated[str | None, typer.Option("--version", help=_t("version_help"))] = None,
) -> None:
    """Prestaties van het model naast de basislijnen en het orakel. / Model metrics next to the
    baselines and the oracle."""
    try:
        payload = report_payload(_data(data), version)
    except ModelError as exc:
        raise _fail(exc) from None
    if as_json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    _print_report(payload)


def _cell(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _print_report(payload: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    lang = current_language()
    months = payload["test_months"]
    typer.echo(
        _t(
            "header",
            version=payload["model_version"],
            state="" if payload["active"] else _t("not_active"),
            k=payload["k"],
            n=len(months),
            first=months[0],
            last=months[-1],
        )
    )
    table = Table()
    table.add_column("")
    for name in ("precision@k", "recall@k", "PR-AUC", "Brier"):
        table.add_column(name, justify="right")
    for ranker, label in _LABELS.items():
        if payload["precision_at_k"].get(ranker) is None:
            continue
        table.add_row(
            label[lang],
            _cell(payload["precision_at_k"][ranker]),
            _cell(payload["recall_at_k"][ranker]),
            _cell(payload["pr_auc"][ranker]),
            _cell(payload["brier"][ranker], 4),
        )
    Console(width=100).print(table)
    if payload.get("fraction_of_oracle") is not None:
        typer.echo(
            _t(
                "fraction",
                fraction=f"{payload['fraction_of_oracle']:.0%}",
                ratio=_cell(payload.get("ratio_to_threshold_rule"), 2),
            )
        )


@app.command()
def activate(
    version: Annotated[str, typer.Argument(metavar="VERSIE", help="Modelversie / model version")],
    data: DataOption = Path("data"),
) -> None:
    """Maak een modelversie actief (alleen na een geslaagde eerlijkheidstoets). / Activate a model
    version (only after a passed fairness gate)."""
    from models.messages import message

    try:
        registry.activate(_data(data), version)
    except ModelError as exc:
        raise _fail(exc) from None
    typer.echo(message("geactiveerd", version=version))


@app.command()
def card(
    data: DataOption = Path("data"),
    version: Annotated[str | None, typer.Option("--version", help=_t("version_help"))] = None,
) -> None:
    """Schrijf de modelkaart en de Algoritmeregister-tekst. / Write the model card and the
    Algoritmeregister entry."""
    from models.card import write_card
    from models.messages import message

    folder = _data(data)
    try:
        chosen = version or report_payload(folder)["model_version"]
        paths = write_card(folder, chosen)
    except ModelError as exc:
        raise _fail(exc) from None
    typer.echo(message("kaart_geschreven", paths=", ".join(str(p) for p in paths)))
