"""Benchmark of the pipeline: the whole run and the feature step, at several town sizes.

For each size: simulate a town (cached under ``--root``), run the pipeline's own Definitions
(deliveries to publish, through Dagster, in a fresh process: wall time and peak RSS), then time
the feature step (case state, households, features, all months, in DuckDB SQL) on a copy of the
resulting warehouse against the pandas reference (``reference_features.py``), whose output must
equal ``serving.household_features``.

    .venv/bin/python benchmarks/bench_pipeline.py --sizes 10000 100000 --months 36

Per step (Dagster step) it also prints wall time, CPU time of the process (DuckDB's threads
included; on a shared machine the CPU time is the steadier figure) and peak RSS.
``--through 2023-06`` runs only the first months of the simulated town (for the 1,000,000 town).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

_CHILD_RUN = """
import json, resource, sys, time, warnings
warnings.filterwarnings("ignore")
from pathlib import Path
import dagster as dg
from pipelines.definitions import CORE_MODULES, build_definitions
from pipelines.resources import WarehouseResource
from pipelines.runner import run_pipeline
from signals.paths import DataDir
import threading
data = DataDir(Path(sys.argv[1]))
defs = build_definitions(WarehouseResource(data_dir=str(data.root)), modules=CORE_MODULES)
steps, current, done = {}, [None], threading.Event()
def rss_mib():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
def sample():  # peak resident memory per step, sampled every 0.1 s
    while not done.wait(0.1):
        if current[0] in steps:
            steps[current[0]]["peak_rss_mib"] = max(steps[current[0]]["peak_rss_mib"], rss_mib())
def on_step(kind, key):
    if kind == "STEP_START":
        steps[key] = {"start": time.perf_counter(), "cpu0": time.process_time(),
                      "peak_rss_mib": rss_mib()}
        current[0] = key
    elif key in steps:
        steps[key]["seconds"] = time.perf_counter() - steps[key].pop("start")
        steps[key]["cpu_seconds"] = time.process_time() - steps[key].pop("cpu0")
    # progress on stderr (streamed to the log file), so a long run shows where it is
    print(time.strftime("%H:%M:%S"), kind, key,
          {k: round(v, 1) for k, v in steps.get(key, {}).items() if k not in ("start", "cpu0")},
          file=sys.stderr, flush=True)
threading.Thread(target=sample, daemon=True).start()
instance = dg.DagsterInstance.ephemeral()
s = run_pipeline(data, instance=instance, defs=defs, on_step=on_step,
                 through=sys.argv[2] or None)
done.set()
print(json.dumps({"success": s.success, "seconds": s.seconds, "received": s.received,
                  "household_months": s.household_months, "months": len(s.months),
                  "steps": steps, "cpu_seconds": time.process_time(),
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_CHILD_FEATURES = """
import json, sys, time
sys.path.insert(0, sys.argv[3])
import duckdb, pandas as pd
from pipelines import build
path, reference = sys.argv[1], sys.argv[2] == "1"
con = duckdb.connect(path)
con.execute("SET TimeZone = 'UTC'")
months = [m for (m,) in con.execute("SELECT DISTINCT month FROM raw.persons ORDER BY 1").fetchall()]
t, c = time.perf_counter(), time.process_time()
build.prepare(con, months)
build.build_households(con)
build.build_case_state(con)
build.build_features(con)
sql_seconds, sql_cpu = time.perf_counter() - t, time.process_time() - c
mine = con.sql("SELECT * FROM serving.household_features").df()
out = {"sql_seconds": sql_seconds, "sql_cpu": sql_cpu, "rows": len(mine)}
key = ["household_id", "month"]
if reference:
    from reference_features import reference_features
    t, c = time.perf_counter(), time.process_time()
    ref = reference_features(con, months)
    out["pandas_seconds"] = time.perf_counter() - t
    out["pandas_cpu"] = time.process_time() - c
    mine["month"] = pd.to_datetime(mine["month"]).dt.date
    cols = list(mine.columns)
    a = mine[cols].sort_values(key).reset_index(drop=True)
    b = ref[cols].sort_values(key).reset_index(drop=True)
    for c in cols[2:]:
        a[c] = a[c].astype("int64")
    pd.testing.assert_frame_equal(a, b)
    out["equal"] = True
print(json.dumps(out))
"""


def _child(code: str, *args: str, log: Path) -> tuple[dict, float]:
    """Run ``code`` in a fresh interpreter: (its JSON line, wall seconds).

    Its standard error (per-step progress, warnings) is streamed to ``log`` as it runs.
    """
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.run(
            [sys.executable, "-c", code, *args],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            check=False,
        )
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(log.read_text(encoding="utf-8")[-4000:])
    return json.loads(proc.stdout.strip().splitlines()[-1]), wall


def bench(
    size: int,
    months: int,
    root: Path,
    reference: bool,
    features: bool = True,
    through: str | None = None,
) -> dict:
    from signals.simulator import simulate

    deliveries = root / f"sim{size}x{months}"
    if not (deliveries / "summary.json").exists():
        simulate(deliveries, residents=size, months=months, seed=3)
    run_dir = root / f"run{size}x{months}"
    shutil.rmtree(run_dir, ignore_errors=True)

    def ignore(folder: str, names: list[str]) -> list[str]:
        # the truth, and deliveries of months after ``through`` (YYYY-MM names sort as months)
        return [
            n
            for n in names
            if n == "truth" or (through is not None and n[:7] > through and n[:4].isdigit())
        ]

    shutil.copytree(deliveries, run_dir, ignore=ignore)
    log = root / f"run{size}x{months}.log"
    print(f"running the pipeline on {size:,} residents; progress in {log}", flush=True)
    summary, wall = _child(_CHILD_RUN, str(run_dir), through or "", log=log)
    timing: dict = {"sql_seconds": float("nan")}
    if features:
        copy = root / f"features{size}.duckdb"
        shutil.copyfile(run_dir / "warehouse.duckdb", copy)
        timing, _ = _child(
            _CHILD_FEATURES,
            str(copy),
            "1" if reference else "0",
            str(Path(__file__).parent),
            log=root / f"features{size}.log",
        )
        copy.unlink()
    return {
        "residents": size,
        "months": months,
        **summary,
        "wall": wall,
        **timing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--root", type=Path, default=Path("/tmp/vroegsignaal-bench"))
    parser.add_argument(
        "--through",
        help="run the pipeline only up to this month (YYYY-MM) of the simulated town",
    )
    parser.add_argument(
        "--no-features",
        action="store_true",
        help="skip the separate timing of the feature step (only the whole pipeline)",
    )
    parser.add_argument(
        "--reference-max",
        type=int,
        default=100_000,
        help="run the pandas reference only up to this many residents",
    )
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    print(
        "| residents | months | records | household-months | pipeline wall | CPU | peak RSS | "
        "feature step SQL | pandas reference | speed-up |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    breakdown = []
    for size in args.sizes:
        r = bench(
            size,
            args.months,
            args.root,
            size <= args.reference_max,
            not args.no_features,
            args.through,
        )
        pandas_s = r.get("pandas_seconds")
        print(
            f"| {size:,} | {r['months']} | {r['received']:,} | {r['household_months']:,} | "
            f"{r['wall']:.0f} s | {r['cpu_seconds']:.0f} s | {r['peak_rss_mib']:.0f} MiB | "
            f"{r['sql_seconds']:.1f} s | "
            + (
                f"{pandas_s:.1f} s (equal) | {pandas_s / r['sql_seconds']:.1f}x |"
                if pandas_s
                else "- | - |"
            ),
            flush=True,
        )
        if pandas_s:
            print(
                f"feature step CPU: SQL {r['sql_cpu']:.1f} s, pandas {r['pandas_cpu']:.1f} s "
                f"({r['pandas_cpu'] / r['sql_cpu']:.1f}x)",
                flush=True,
            )
        breakdown.append((size, r["steps"], os.getloadavg()))
    for size, steps, load in breakdown:
        print(
            f"\nPer step at {size:,} residents (load average after: "
            f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}):"
        )
        print("| step | wall | CPU | peak RSS |\n| --- | --- | --- | --- |")
        for key, step in steps.items():
            print(
                f"| {key} | {step.get('seconds', float('nan')):.1f} s | "
                f"{step.get('cpu_seconds', float('nan')):.1f} s | "
                f"{step['peak_rss_mib']:.0f} MiB |"
            )


if __name__ == "__main__":
    main()
