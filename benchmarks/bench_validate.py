"""Benchmark: validate a generated VO Rijk events file and report lines/s and peak memory.

    .venv/bin/python benchmarks/bench_validate.py --events 1000000 [--workers 2] [--keep DIR]
    .venv/bin/python benchmarks/bench_validate.py --events --csv 200000   # the CSV kinds only

The file is generated (valid cases with demands, payments, withdrawals and remissions, plus about
0.5% broken lines), then validated in a fresh process so that the peak resident memory (of the
validating process and its workers) belongs to the validation alone. CPU microseconds per line
(user + system time of the validating process and its workers, from ``getrusage``) are printed
too: on a shared machine they say more than wall-clock time, which is printed with the load
average. Target: at least 250,000 lines/s on a 2-core machine (at most about 7 us of CPU per
line), and peak memory that does not grow with the file (``collect=False``).
``--csv N`` also generates and validates a legacy signals file and a BRP extract of N rows.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from signals.validate import validate_file, KnownEvents
path, workers, collect = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
start, cpu_start = time.perf_counter(), cpu()
result = validate_file(path, known=KnownEvents(), collect=collect, workers=workers)
elapsed, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
r = result.report
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"received": r.received, "accepted": r.accepted, "rejected": r.rejected,
                  "seconds": elapsed, "cpu_seconds": cpu_seconds,
                  "load": os.getloadavg()[0],
                  "peak_rss_mib": own.ru_maxrss / 1024,
                  "peak_worker_rss_mib": kids.ru_maxrss / 1024}))
"""


def _line(kind: str, kenmerk: str, common: dict, **fields: object) -> str:
    event = {"gebeurtenis_type": kind, "gebeurteniskenmerk": kenmerk, **common, **fields}
    return json.dumps(event, separators=(",", ":"))


def generate(path: Path, n_events: int, *, seed: int = 1) -> int:
    """Write about ``n_events`` event lines to ``path`` (a ``landing/cjib/2024-06.jsonl``)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from signals.bsn import make_valid_bsn

    rng = random.Random(seed)
    written = 0
    case = 0
    with path.open("w", encoding="utf-8") as out:
        while written < n_events:
            case += 1
            bsn = make_valid_bsn(rng.randrange(200_000))
            zaak = f"cjib-z{case:09d}"
            day = rng.randrange(1, 28)
            ts = f"2024-06-{day:02d}T{rng.randrange(8, 18):02d}:15:00+02:00"
            amount = rng.randrange(2_000, 50_000)
            common = {"datumtijd_gebeurtenis": ts, "zaakkenmerk": zaak, "bsn": bsn}
            lines = [
                _line(
                    "FinancieleVerplichtingOpgelegd",
                    f"{zaak}-1",
                    common,
                    datumtijd_opgelegd=ts,
                    beschikkingsnummer=f"B{case}",
                    primaire_verplichting=True,
                    type_financiele_verplichting="cjib_wahv",
                    categorie="Algemeen",
                    bedrag=amount,
                )
            ]
            demands = ("Aanschrijving", "Herinnering", "Aanmaning")[: rng.randrange(1, 4)]
            for k, kind in enumerate(demands):
                lines.append(
                    _line(
                        "BetalingsverplichtingOpgelegd",
                        f"{zaak}-d{k}",
                        common,
                        type=kind,
                        bedrag=amount,
                        vervaldatum=f"2024-07-{day:02d}",
                        omschrijving=f"{kind} boete",
                    )
                )
            if rng.random() < 0.5:
                lines.append(
                    _line(
                        "BetalingVerwerkt",
                        f"{zaak}-p",
                        common,
                        bedrag=amount // 2,
                        datum_betaling=f"2024-06-{day:02d}",
                    )
                )
            if rng.random() < 0.1:
                lines.append(
                    _line(
                        "BetalingsverplichtingIngetrokken",
                        f"{zaak}-w",
                        common,
                        ingetrokken_gebeurteniskenmerk=f"{zaak}-d0",
                    )
                )
            if rng.random() < 0.05:
                lines.append(
                    _line("FinancieleVerplichtingKwijtgescholden", f"{zaak}-r", common, bedrag=500)
                )
            if rng.random() < 0.02:
                lines.append('{"gebeurtenis_type":"BetalingVerwerkt","bsn":"123456789"')  # broken
            out.write("\n".join(lines) + "\n")
            written += len(lines)
    return written


def generate_csv(root: Path, rows: int, *, seed: int = 1) -> list[Path]:
    """A legacy signals file (``landing/cak/2024-06.csv``) and a BRP extract
    (``brp/2024-06.csv``) of ``rows`` data rows each, about 0.5% of them broken."""
    from signals.bsn import make_valid_bsn

    rng = random.Random(seed)
    signals = root / "landing" / "cak" / "2024-06.csv"
    brp = root / "brp" / "2024-06.csv"
    for path in (signals, brp):
        path.parent.mkdir(parents=True, exist_ok=True)
    codes = ("cak_eigen_bijdrage_wmo", "cak_bestuursrechtelijke_premie")
    with signals.open("w", encoding="utf-8") as out:
        out.write("bron;bsn;zaakkenmerk;type_financiele_verplichting;achterstand_cent;")
        out.write("oudste_vervaldatum;peildatum\n")
        for i in range(rows):
            bsn = make_valid_bsn(rng.randrange(200_000))
            if rng.random() < 0.005:
                bsn = bsn[:-1] + str((int(bsn[-1]) + 1) % 10)  # fails the eleven-test
            out.write(
                f"cak;{bsn};cak-z{i};{rng.choice(codes)};{rng.randrange(1_000, 90_000)};"
                f"2024-0{rng.randrange(1, 6)}-{rng.randrange(1, 29):02d};2024-06-30\n"
            )
    with brp.open("w", encoding="utf-8") as out:
        out.write("bsn;geboortedatum;geslacht;adres_id;wijk;datum_vestiging;partner_bsn;")
        out.write("ouder1_bsn;ouder2_bsn;migratieachtergrond\n")
        for i in range(rows):
            born = (
                f"{rng.randrange(1940, 2020)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            )
            if rng.random() < 0.005:
                born = "2024-13-01"
            partner = make_valid_bsn(i + 1) if i % 3 == 0 else ""
            out.write(
                f"{make_valid_bsn(i)};{born};{rng.choice('MVX')};{363200000000000 + i // 2:016d};"
                f"wijk-{i % 40};2010-05-01;{partner};;;{rng.choice(['nederland', 'europa', ''])}\n"
            )
    return [signals, brp]


def run(path: Path, *, workers: int, collect: bool) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(workers), "1" if collect else "0"],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(proc.stdout)
    result["lines_per_second"] = result["received"] / result["seconds"]
    return result


def _report(r: dict[str, float], label: str) -> None:
    print(
        f"{r['received']:>9,} lines {label}  {r['seconds']:6.2f} s  "
        f"{r['lines_per_second']:>9,.0f} lines/s (load {r['load']:.1f})  "
        f"{r['cpu_seconds'] / r['received'] * 1e6:5.2f} us CPU per line  "
        f"peak RSS {r['peak_rss_mib']:,.0f} MiB (workers {r['peak_worker_rss_mib']:,.0f} MiB)  "
        f"accepted {r['accepted']:,} rejected {r['rejected']:,}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--collect", action="store_true", help="also build the accepted table")
    parser.add_argument("--csv", type=int, default=0, help="rows of the CSV kinds (0: none)")
    parser.add_argument("--keep", type=Path, help="generate the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        for n in args.events:
            folder = root / f"bench-{n}" / "landing" / "cjib"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "2024-06.jsonl"
            if not path.exists():
                generate(path, n)
            size_mib = path.stat().st_size / 2**20
            for workers in args.workers:
                r = run(path, workers=workers, collect=args.collect)
                label = f"({size_mib:,.0f} MiB)  workers={workers}  collect={args.collect!s:<5}"
                _report(r, label)
        if args.csv:
            for path in generate_csv(root / f"bench-csv-{args.csv}", args.csv):
                r = run(path, workers=1, collect=args.collect)
                _report(r, f"{path.parent.name}/{path.name}  collect={args.collect!s:<5}")


if __name__ == "__main__":
    main()
