"""Benchmark of the risk model (docs/benchmarks.md, "Model").

Measures, on a data folder that went through the pipeline (default: the default simulated
municipality, ``vroegsignaal simulate`` + ``vroegsignaal run``):

1. quality over the backtest test months: precision@k of the model against the threshold rule
   (target >= 1.5x) and against the oracle (target >= 85%);
2. scoring 100,000 households of one month from a DuckDB serving store (target <= 5 s);
3. explanations (SHAP + Dutch and English sentences) for the top 1,000 (target <= 10 s).

Usage::

    .venv/bin/python benchmarks/bench_model.py --data data [--retrain]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from models import registry
from models.explain import explain_households
from models.features import DEBT_HELP, FEATURES, Store, in_population, load_features, read_features
from models.scoring import score_from_store
from models.workflow import train_and_register
from signals.paths import DataDir


def _model_version(data: DataDir, retrain: bool) -> tuple[str, float | None]:
    versions = registry.list_versions(data)
    if versions and not retrain:
        return versions[-1], None
    started = time.perf_counter()
    version, _ = train_and_register(data)
    return version, time.perf_counter() - started


def _big_month(data: DataDir, n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` household rows for one month, drawn from the real feature rows with arrears."""
    features = load_features(data.serving)
    if features.empty and data.warehouse.is_file():
        # a run that failed before publishing: read the warehouse's serving schema instead
        con = duckdb.connect(str(data.warehouse), read_only=True)
        try:
            features = read_features(Store(con, "serving", "warehouse"))
        finally:
            con.close()
    if DEBT_HELP not in features.columns:  # a store from before the schuldhulp table
        features[DEBT_HELP] = False
    pool = features[in_population(features)]
    rows = pool.sample(n=n, replace=True, random_state=seed).reset_index(drop=True)
    rows["household_id"] = [f"hh_{i:016x}" for i in range(n)]
    rows["month"] = max(pool["month"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--retrain", action="store_true")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--explain", type=int, default=1_000)
    args = parser.parse_args()
    data = DataDir(args.data)

    version, train_seconds = _model_version(data, args.retrain)
    model = registry.load(data, version)
    metrics = model.metrics
    p = metrics["precision_at_k"]
    quality = {
        "model_version": version,
        "k": metrics["k"],
        "test_months": len(metrics["test_months"]),
        "precision_at_k": p,
        "pr_auc": metrics["pr_auc"],
        "brier": metrics["brier"],
        "ratio_to_threshold_rule": metrics["ratio_to_threshold_rule"],
        "fraction_of_oracle": metrics["fraction_of_oracle"],
        "expected_precision_at_k": metrics.get("expected_precision_at_k"),
        "expected_fraction_of_oracle": metrics.get("expected_fraction_of_oracle"),
        "train_seconds": train_seconds,
        "per_month": [
            {
                "month": e["month"],
                "k": e["k"],
                "households": e["households"],
                "left_out_debt_help": e.get("left_out_debt_help"),
                "positives": e["positives"],
                **{
                    name: round(e[name]["precision_at_k"], 3)
                    for name in ("model", "threshold_rule", "logistic_regression", "oracle")
                    if name in e
                },
                **{
                    f"{name}_expected": round(e[name]["expected_precision_at_k"], 3)
                    for name in ("model", "oracle")
                    if "expected_precision_at_k" in e.get(name, {})
                },
            }
            for e in metrics["per_month"]
        ],
    }

    big = _big_month(data, args.households)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "serving.duckdb"
        con = duckdb.connect(str(path))
        con.register("big", big)
        con.execute(f"CREATE TABLE household_features AS SELECT * EXCLUDE ({DEBT_HELP}) FROM big")
        con.execute(
            f"CREATE TABLE schuldhulp AS SELECT household_id, month, {DEBT_HELP}, "
            "NULL::DATE AS laatste_melding FROM big"
        )
        con.execute(
            "CREATE TABLE inwoners AS SELECT ?::DATE AS month, ?::INTEGER AS inwoners",
            [big["month"].iloc[0], args.households * 2],
        )
        con.close()
        con = duckdb.connect(str(path), read_only=True)
        started, cpu = time.perf_counter(), time.process_time()
        scored = score_from_store(model, Store(con), explain_top=0)
        score_seconds = time.perf_counter() - started
        score_cpu = time.process_time() - cpu
        con.close()

    top = scored.scores.nsmallest(args.explain, "rank")["household_id"]
    shown = big.set_index("household_id").loc[top].reset_index()
    started, cpu = time.perf_counter(), time.process_time()
    reasons = explain_households(model.model, shown, model_version=version)
    explain_seconds = time.perf_counter() - started
    explain_cpu = time.process_time() - cpu

    report = {
        **quality,
        "scoring": {
            "households": len(scored.scores),
            "seconds": round(score_seconds, 3),
            "cpu_seconds": round(score_cpu, 3),
            "target_seconds": 5,
        },
        "explanations": {
            "households": int(reasons["household_id"].nunique()),
            "rows": len(reasons),
            "seconds": round(explain_seconds, 3),
            "cpu_seconds": round(explain_cpu, 3),
            "target_seconds": 10,
        },
        "features": len(FEATURES),
        "load_average": os.getloadavg()[0],
        "mean_score": float(np.mean(scored.scores["score"])),
    }
    print(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
