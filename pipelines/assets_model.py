"""The model layer's assets: residents per month, training, monthly scoring with explanations,
and the model card. Thin: every decision lives in ``models/``.

- ``inwoners`` (monthly): residents per month from the population register, an aggregate the
  capacity ``k`` (2 per 1,000 residents by default) is computed from.
- ``schuldhulp`` (monthly): which households were registered for debt help (or admitted to the
  WSNP) in the 24 months up to the month, as delivered by then (pipelines/sql/schuldhulp.sql).
  They are already helped, so the model leaves them out of training, evaluation and the list.
- ``model_training`` (after the labels): trains and freezes a new registry version when the data,
  code or settings changed (same inputs, same version: nothing is retrained). It never activates:
  that needs the fairness gate and a person (``vroegsignaal model activate``).
- ``scores`` and ``explanations`` (monthly): the ACTIVE model's scores and the reasons for the
  selected households. Without an active model (or when its gate no longer allows use) nothing
  is scored and earlier rows of that month are removed.
- ``model_card``: Markdown, HTML and the Algoritmeregister entry for the newest and active versions.
"""

import contextlib
from datetime import date

import dagster as dg
import duckdb
import pandas as pd

from models import registry
from models.card import write_card
from models.features import Store
from models.messages import ModelError
from models.scoring import active_model, score_from_store
from models.workflow import train_in_warehouse
from pipelines import build
from pipelines.assets._common import run_months
from pipelines.partitions import months
from pipelines.resources import WarehouseResource
from pipelines.warehouse import load_sql, replace_rows, scalar, transaction

__all__ = ["inwoners", "model_card", "model_training", "schuldhulp", "scores_and_explanations"]

_GROUP = "model"
_POLICY = dg.BackfillPolicy.single_run()
_IN_MONTHS = "month IN (SELECT unnest(?::DATE[]))"

#: The model layer's serving tables (docs/data-model.md), created with their types up front so
#: that a first run with no rows cannot create a column of type NULL.
_DDL = {
    "inwoners": "month DATE, inwoners INTEGER",
    "schuldhulp": "household_id VARCHAR, month DATE, in_schuldhulp BOOLEAN, laatste_melding DATE",
    "scores": "household_id VARCHAR, month DATE, model_version VARCHAR, score DOUBLE, "
    "rank INTEGER, selected BOOLEAN",
    "explanations": "household_id VARCHAR, month DATE, model_version VARCHAR, feature VARCHAR, "
    "value DOUBLE, contribution DOUBLE, sentence_nl VARCHAR, sentence_en VARCHAR, "
    "position INTEGER",
}


def _ensure(con: duckdb.DuckDBPyConnection, table: str) -> None:
    con.execute(f"CREATE TABLE IF NOT EXISTS serving.{table} ({_DDL[table]})")


@dg.asset(
    partitions_def=months,
    backfill_policy=_POLICY,
    group_name=_GROUP,
    kinds={"duckdb"},
    deps=["households"],
    description="serving.inwoners: residents per month (for the outreach capacity k).",
)
def inwoners(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    run = run_months(context)
    with warehouse.connect() as con:
        frame = con.execute(
            "SELECT month, count(DISTINCT pseudonym)::INTEGER AS inwoners "
            f"FROM facts.person_households WHERE {_IN_MONTHS} GROUP BY month ORDER BY month",
            [run],
        ).df()
        frame["month"] = pd.to_datetime(frame["month"]).dt.date  # keep DATE, not TIMESTAMP
        _ensure(con, "inwoners")
        replace_rows(con, "serving.inwoners", frame, where=_IN_MONTHS, params=[run])
    return dg.MaterializeResult(
        metadata={
            "months": len(frame),
            "inwoners": int(frame["inwoners"].max() if len(frame) else 0),
        }
    )


@dg.asset(
    partitions_def=months,
    backfill_policy=_POLICY,
    group_name=_GROUP,
    kinds={"duckdb"},
    deps=["household_features", "outcomes"],
    description="serving.schuldhulp: per household-month, whether a member was registered for "
    "debt help or the WSNP in the last 24 months, counting outcomes delivered by the month's end.",
)
def schuldhulp(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    run = run_months(context)
    with warehouse.connect() as con:
        build.prepare(con, run)
        _ensure(con, "schuldhulp")  # before the transaction: see build._create_missing_tables
        with transaction(con):
            con.execute("DELETE FROM serving.schuldhulp WHERE " + _IN_MONTHS, [run]).complete()
            con.execute(f"INSERT INTO serving.schuldhulp BY NAME {load_sql('schuldhulp')}")
        rows = scalar(con, f"SELECT count(*) FROM serving.schuldhulp WHERE {_IN_MONTHS}", [run])
        helped = scalar(
            con,
            f"SELECT count(*) FROM serving.schuldhulp WHERE in_schuldhulp AND {_IN_MONTHS}",
            [run],
        )
    return dg.MaterializeResult(
        metadata={"rows": int(rows or 0), "in_schuldhulp": int(helped or 0)}
    )


def _clear(con: duckdb.DuckDBPyConnection, table: str, run: list[date]) -> None:
    if Store(con, "serving").has(table):
        con.execute(f"DELETE FROM serving.{table} WHERE {_IN_MONTHS}", [run])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "scores",
            group_name=_GROUP,
            kinds={"duckdb"},
            deps=["household_features", "inwoners", schuldhulp],
            description="serving.scores: the active model's calibrated score, rank and selection.",
        ),
        dg.AssetSpec(
            "explanations",
            group_name=_GROUP,
            kinds={"duckdb"},
            deps=["household_features", "inwoners", schuldhulp],
            description="serving.explanations: reasons (SHAP) for the selected households.",
        ),
    ],
    partitions_def=months,
    backfill_policy=_POLICY,
)
def scores_and_explanations(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    run = run_months(context)
    data = warehouse.data
    with warehouse.connect() as con:
        try:
            model = active_model(data)
        except ModelError as exc:
            _clear(con, "scores", run)
            _clear(con, "explanations", run)
            note = {"overgeslagen": exc.text("nl")}
            yield dg.MaterializeResult(asset_key="scores", metadata=note)
            yield dg.MaterializeResult(asset_key="explanations", metadata=note)
            return
        store = Store(con, "serving", "warehouse")
        scored, explained, skipped = [], [], []
        for month in run:
            try:
                result = score_from_store(model, store, month=month)
            except ModelError as exc:
                skipped.append(f"{month:%Y-%m}: {exc.text('nl')}")
                continue
            scored.append(result.scores)
            explained.append(result.explanations)
        n_scores = n_expl = 0
        if scored:
            _ensure(con, "scores")
            _ensure(con, "explanations")
            n_scores = replace_rows(
                con, "serving.scores", pd.concat(scored), where=_IN_MONTHS, params=[run]
            )
            n_expl = replace_rows(
                con, "serving.explanations", pd.concat(explained), where=_IN_MONTHS, params=[run]
            )
    meta: dict[str, str | int] = {"model_version": model.version, "overgeslagen": len(skipped)}
    yield dg.MaterializeResult(asset_key="scores", metadata={**meta, "rows": n_scores})
    yield dg.MaterializeResult(asset_key="explanations", metadata={**meta, "rows": n_expl})


@dg.asset(
    group_name=_GROUP,
    deps=["labels", "inwoners", schuldhulp],
    description="Train and freeze a registry version when labels, code or settings changed.",
)
def model_training(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        try:
            version, created = train_in_warehouse(warehouse.data, con)
        except ModelError as exc:  # too little history yet: nothing to train, not a failure
            return dg.MaterializeResult(metadata={"overgeslagen": exc.text("nl")})
    return dg.MaterializeResult(metadata={"model_version": version, "nieuw": created})


@dg.asset(
    group_name=_GROUP,
    deps=[model_training],
    description="Model card (Markdown, HTML) and Algoritmeregister entry from the registry.",
)
def model_card(warehouse: WarehouseResource) -> dg.MaterializeResult:
    data = warehouse.data
    versions = registry.list_versions(data)
    wanted = set(versions[-1:])
    with contextlib.suppress(ModelError):
        wanted.add(registry.active_version(data))
    paths = [str(p) for v in sorted(wanted) for p in write_card(data, v)]
    return dg.MaterializeResult(metadata={"versions": sorted(wanted), "files": len(paths)})
