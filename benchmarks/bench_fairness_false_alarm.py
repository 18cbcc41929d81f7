"""False-alarm rate of the fairness audit on worlds without planted bias (run on demand).

For each seed: build a world with no planted bias, train and freeze a real model (temporal
validation, as in production), audit it with the shipped policy, and count failing checks. A
failing check on such a world is a false alarm. Prints one line per seed and a summary; write
the figures into docs/fairness.md.

    .venv/bin/python benchmarks/bench_fairness_false_alarm.py --seeds 10 --households 2000
    .venv/bin/python benchmarks/bench_fairness_false_alarm.py --world simulator --seeds 3 \\
        --residents 5000

Detection of planted bias and false alarms on simulated towns of realistic size (the whole
chain, classified against the simulator's truth) are measured by
``benchmarks/bench_fairness_detection.py``.

``--world synthetic`` (default) uses the explicit household world of the fairness tests
(``tests/fairness/fairness_world.py``): groups independent of everything, fast. ``--world
simulator`` runs the whole chain: ``signals.simulator.simulate`` -> ``pipelines.runner.
run_pipeline`` -> ``models.workflow.train_and_register`` -> the audit (minutes per seed).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fairness"))


def _synthetic(root: Path, seed: int, households: int, k: int):
    from fairness_world import write_world

    return write_world(root, households=households, seed=seed, k=k)


def _simulated(root: Path, seed: int, residents: int, months: int):
    from threadpoolctl import threadpool_limits

    from models.workflow import train_and_register
    from pipelines.runner import run_pipeline
    from signals.paths import DataDir
    from signals.simulator import simulate

    simulate(root, residents=residents, months=months, seed=seed)
    data = DataDir(root)
    run_pipeline(data)
    with threadpool_limits(1):
        version, _ = train_and_register(data)
    return data, version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", choices=["synthetic", "simulator"], default="synthetic")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=100)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--k", type=int, default=100)
    parser.add_argument("--residents", type=int, default=5000)
    parser.add_argument("--months", type=int, default=34)
    parser.add_argument(
        "--min-positives", type=int, help="override the policy's min_size.positives"
    )
    args = parser.parse_args()

    import dataclasses

    from fairness import audit_model, load_policy

    policy = load_policy()
    if args.min_positives is not None:
        policy = dataclasses.replace(policy, min_positives=args.min_positives)

    rows = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            if args.world == "synthetic":
                data, version = _synthetic(Path(tmp), seed, args.households, args.k)
            else:
                data, version = _simulated(Path(tmp), seed, args.residents, args.months)
            built = time.perf_counter() - started
            started = time.perf_counter()
            outcome = audit_model(data, version, policy=policy)
            audited = time.perf_counter() - started
        report = outcome.report
        fails = [c.key for c in report.checks if c.verdict == "fail"]
        by_metric = Counter(c.metric for c in report.checks if c.verdict == "fail")
        row = {
            "seed": seed,
            "verdict": report.verdict,
            "counts": report.counts,
            "rows": report.rows,
            "fails": fails,
            "fails_by_metric": dict(by_metric),
            "world_seconds": round(built, 1),
            "audit_seconds": round(audited, 1),
        }
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)

    judged = sum(
        r["counts"]["pass"] + r["counts"]["fail"] + r["counts"]["undetermined"] for r in rows
    )
    failed = sum(r["counts"]["fail"] for r in rows)
    summary = {
        "world": args.world,
        "size": args.households if args.world == "synthetic" else args.residents,
        "min_positives": policy.min_positives,
        "seeds": len(rows),
        "worlds_with_a_false_alarm": sum(1 for r in rows if r["fails"]),
        "false_alarm_rate_per_world": sum(1 for r in rows if r["fails"]) / len(rows),
        "false_fail_rate_per_check": failed / judged if judged else None,
        "undetermined_share": sum(r["counts"]["undetermined"] for r in rows) / judged
        if judged
        else None,
        "verdicts": dict(Counter(r["verdict"] for r in rows)),
        "median_audit_seconds": sorted(r["audit_seconds"] for r in rows)[len(rows) // 2],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
