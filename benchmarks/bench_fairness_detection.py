"""Detection and false-alarm rates of the fairness audit on simulated towns (run on demand).

The whole chain, as ``make run`` does it: ``signals.simulator.simulate`` (with or without planted
bias) -> ``pipelines.runner.run_pipeline`` (deliveries to features, labels, the pipeline's own
model training with temporal validation) -> the audit of the model the pipeline trained
(``fairness.audit_model``, shipped policy). Per world it prints one JSON line: for every planted
bias whether the audit flags the affected group (a ``fail`` among that group's checks of the
kind the bias shows in), the figures behind it, and every failing check on an attribute where
nothing was planted (a false alarm). A world without bias counts every failing check as a false
alarm. A summary follows; write it into docs/benchmarks.md ("Fairness") and docs/fairness.md.

    .venv/bin/python benchmarks/bench_fairness_detection.py --residents 40000 --seeds 3 \\
        --scenario biased --scenario none --keep /tmp/fairness-worlds

Building a town of 40,000 residents takes about 10 minutes on the shared 2-core machine (the
pipeline dominates); auditing it takes seconds. ``--keep DIR`` keeps every built town in
``DIR/<scenario>-<residents>-<seed>`` and reuses it on the next run, so the audit can be
re-measured (e.g. after a policy change) without rebuilding.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

#: The default planted biases: one of each kind the simulator supports. Label bias sits on a
#: wijk because the whole household lives there: planted on geslacht it is diluted (a couple's
#: outcomes belong to either partner, the household has one geslacht), and at factor 0.5 it
#: moved V's relative calibration only to 0.86 on a town of 40,000 (docs/fairness.md).
DEFAULT_BIAS = (
    "measurement:migratieachtergrond=buiten_europa:0.1:cjib",
    "label:wijk=Vogelbuurt:0.3",
    "proxy:wijk=Centrum:0.9",
)

#: Which checks show each kind of bias (docs/fairness.md, "Known answers").
SHOWN_BY = {
    "measurement": ("recall_ratio", "relative_calibration"),
    "label": ("relative_calibration",),
    "proxy": ("proxy_auc",),
}


def build_world(root: Path, *, residents: int, months: int, seed: int, bias: tuple[str, ...]):
    """Simulate and run the pipeline in ``root`` unless a finished town is already there.
    Returns ``(data, version, seconds)``: the newest model version the pipeline trained."""
    import dagster as dg

    from models import registry
    from pipelines.runner import run_pipeline
    from signals.paths import DataDir
    from signals.simulator import simulate

    data = DataDir(root)
    done = root / "bench_done.json"
    started = time.perf_counter()
    if not done.is_file():
        if root.exists():
            shutil.rmtree(root)
        simulate(root, residents=residents, months=months, seed=seed, bias=bias)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with dg.instance_for_test() as instance:
                summary = run_pipeline(data, instance=instance)
        if not summary.success:
            raise SystemExit(f"pipeline failed for {root}")
        seconds = time.perf_counter() - started
        done.write_text(json.dumps({"seconds": round(seconds, 1)}), "utf-8")
    seconds = json.loads(done.read_text("utf-8"))["seconds"]
    return data, registry.list_versions(data)[-1], seconds


def export_town(data: Any, version: str, policy: Any, path: Path, *, meta: dict[str, Any]) -> None:
    """Write what the audit reads from a built town as one Parquet file (the known-answer
    fixture of ``tests/fairness/test_fairness_simulated_towns.py``): the model's evaluation rows
    (test months), the protected columns and the model's features of those household-months,
    with ``meta`` (how the town was built) in the file's metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from fairness._data import model_features, open_sources
    from fairness._service import model_audit_frame

    with open_sources(data) as sources:
        frame = model_audit_frame(data, version, policy, sources)
        names = model_features(data, version)
        features = sources.features(months=sorted(set(frame["month"])), features=names)
    keep = ["household_id", "month", "score", "rank", "selected", "label", "true_prob"]
    keep += list(policy.protected_columns)
    table = frame[[c for c in keep if c in frame.columns]].merge(
        features, on=["household_id", "month"], how="left", validate="one_to_one"
    )
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    metadata = {
        **(arrow.schema.metadata or {}),
        b"vroegsignaal": json.dumps({**meta, "features": names, "model_version": version}).encode(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(arrow.replace_schema_metadata(metadata), path, compression="zstd")


def _parse(spec: str) -> dict[str, str]:
    kind, target, *_ = spec.split(":")
    attribute, value = target.split("=")
    return {"kind": kind, "attribute": attribute, "value": value, "spec": spec}


def _figure(check: Any) -> dict[str, Any]:
    out = check.to_json()
    keep = ("metric", "value", "ci_low", "ci_high", "n", "base", "verdict", "feature")
    keep += ("households", "positive_households", "reference_group")
    return {k: out[k] for k in keep if k in out}


def truth_figure(check: Any, frame: Any) -> float | None:
    """The check's figure computed with the simulator's true probabilities instead of the
    recorded outcomes (rows with a known ``true_prob``): expected recall ratio to the same
    reference group, or relative calibration of the expected outcomes. ``None`` for proxies."""
    rows = frame[frame["true_prob"].notna()]
    truth, score = rows["true_prob"], rows["score"]
    group = rows[check.attribute] == check.group
    if check.metric == "relative_calibration":
        return float((truth[group].sum() / score[group].sum()) / (truth.sum() / score.sum()))
    if check.metric == "recall_ratio" and check.reference_group is not None:
        chosen = truth * rows["selected"]

        def recall(mask: Any) -> float:
            return float(chosen[mask].sum() / truth[mask].sum())

        return recall(group) / recall(rows[check.attribute] == check.reference_group)
    return None


def judge_world(
    report: Any, planted: list[dict[str, str]], frame: Any, policy: Any
) -> dict[str, Any]:
    """Detection per planted bias, and every other failing check sorted by what the
    simulator's truth says: ``confirmed`` (the same figure computed with the true probabilities
    is also on the wrong side of the threshold: a real difference of the model, not planted),
    ``false_alarms`` (the truth is on the right side: the recorded outcomes misled the audit)
    and ``proxies`` (a feature set or feature that really encodes an unplanted group)."""
    detections = []
    detecting: set[str] = set()
    for bias in planted:
        checks = [
            c
            for c in report.checks
            if c.metric in SHOWN_BY[bias["kind"]]
            and c.attribute == bias["attribute"]
            and c.group == bias["value"]
        ]
        detecting |= {id(c) for c in checks}
        detections.append(
            {
                "spec": bias["spec"],
                "flagged": any(c.verdict == "fail" for c in checks),
                "verdicts": dict(Counter(c.verdict for c in checks)),
                # the group's fairness figures (proxy: only the failing ones)
                "figures": [
                    _figure(c) for c in checks if c.metric != "proxy_auc" or c.verdict == "fail"
                ],
            }
        )
    out: dict[str, Any] = {"confirmed": [], "false_alarms": [], "proxies": []}
    for c in report.checks:
        if c.verdict != "fail" or id(c) in detecting:
            continue
        name = c.key + (f"|{c.extra['feature']}" if "feature" in c.extra else "")
        truth = truth_figure(c, frame)
        if truth is None:
            out["proxies"].append(name)
            continue
        wrong_side = (
            truth < policy.recall_ratio_min
            if c.metric == "recall_ratio"
            else not policy.calibration_min <= truth <= policy.calibration_max
        )
        entry = f"{name} ({c.value:.2f}, truth {truth:.2f})"
        out["confirmed" if wrong_side else "false_alarms"].append(entry)
    return {"detections": detections, **out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=40000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=300)
    parser.add_argument(
        "--scenario",
        action="append",
        choices=["biased", "none"],
        help="biased: the planted biases of --bias; none: no bias (default: both)",
    )
    parser.add_argument("--bias", action="append", help=f"default: {' '.join(DEFAULT_BIAS)}")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the built towns here")
    parser.add_argument(
        "--export-fixtures",
        type=Path,
        help="write the first town of each scenario as a test fixture into this folder",
    )
    args = parser.parse_args()
    scenarios = args.scenario or ["biased", "none"]
    bias = tuple(args.bias or DEFAULT_BIAS)

    from threadpoolctl import threadpool_limits

    from fairness import audit_model, load_policy

    policy = load_policy()
    tmp = None if args.keep else tempfile.TemporaryDirectory()
    base = args.keep or Path(tmp.name)  # type: ignore[union-attr]
    rows = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        for scenario in scenarios:
            planted = [_parse(s) for s in bias] if scenario == "biased" else []
            root = base / f"{scenario}-{args.residents}-{seed}"
            data, version, built = build_world(
                root,
                residents=args.residents,
                months=args.months,
                seed=seed,
                bias=tuple(p["spec"] for p in planted),
            )
            started = time.perf_counter()
            with threadpool_limits(1):
                outcome = audit_model(data, version, policy=policy)
            report = outcome.report
            audited = time.perf_counter() - started
            row = {
                "scenario": scenario,
                "seed": seed,
                "residents": args.residents,
                "version": version,
                "rows": report.rows,
                "positives": int(
                    report.group_metrics.table.query("attribute == 'geslacht'")["positives"].sum()
                ),
                "verdict": report.verdict,
                "counts": report.counts,
                **judge_world(report, planted, outcome.frame, policy),
                "world_seconds": built,
                "audit_seconds": round(audited, 1),
            }
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if args.export_fixtures and seed == args.first_seed:
                meta = {k: row[k] for k in ("scenario", "seed", "residents")}
                meta |= {"months": args.months, "bias": [p["spec"] for p in planted]}
                target = args.export_fixtures / f"town_{scenario}.parquet"
                export_town(data, version, policy, target, meta=meta)
    summary: dict[str, Any] = {
        "residents": args.residents,
        "months": args.months,
        "worlds": len(rows),
    }
    for spec in bias:
        found = [d for r in rows for d in r["detections"] if d["spec"] == spec]
        if found:
            summary[f"detected {spec}"] = f"{sum(d['flagged'] for d in found)} / {len(found)}"
    for scenario in scenarios:
        these = [r for r in rows if r["scenario"] == scenario]
        for kind in ("false_alarms", "confirmed", "proxies"):
            summary[f"worlds with {kind} ({scenario})"] = (
                f"{sum(1 for r in these if r[kind])} / {len(these)}"
            )
            summary[f"{kind} ({scenario})"] = sum(len(r[kind]) for r in these)
        summary[f"verdicts ({scenario})"] = dict(Counter(r["verdict"] for r in these))
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
