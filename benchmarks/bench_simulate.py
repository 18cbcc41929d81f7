"""Benchmark the simulator: wall time and peak memory per town size (not a test).

Each size runs in its own process so the peak resident memory (``ru_maxrss``) belongs to that
run alone. Usage::

    .venv/bin/python benchmarks/bench_simulate.py                 # 10k and 100k residents
    .venv/bin/python benchmarks/bench_simulate.py --sizes 10000 100000 1000000 --months 36

Target (issue 3): 100,000 residents x 36 months in at most 2 minutes and 4 GiB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _one(residents: int, months: int, replicates: int) -> None:
    from signals.simulator import simulate

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        simulate(
            Path(tmp) / "town", residents=residents, months=months, truth_replicates=replicates
        )
        seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in (Path(tmp) / "town").rglob("*") if p.is_file())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "residents": residents,
                "months": months,
                "truth_replicates": replicates,
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu.ru_utime + cpu.ru_stime, 1),
                "peak_mib": round(peak_kib / 1024),
                "output_mib": round(size / 2**20),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--replicates", type=int, default=4)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(args.one, args.months, args.replicates)
        return
    print("| residents | months | wall s | cpu s | peak MiB | output MiB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--months", str(args.months)]
        cmd += ["--replicates", str(args.replicates)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"| {r['residents']:,} | {r['months']} | {r['seconds']} | {r['cpu_seconds']} "
            f"| {r['peak_mib']} | {r['output_mib']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
