"""Benchmark: the case board with 5,000 open cases, in a real headless Chromium.

Targets (issue 8): the board renders within 1 second and an action shows its result within
300 ms, both at the 95th percentile.

    .venv/bin/python benchmarks/bench_board.py [--cases 5000] [--loads 20] [--actions 20]
        [--data DIR]   # reuse a folder an earlier run built with --keep DIR (faster)

"Render" is measured from navigation start until the board's first table is visible (server
work, transfer and the browser's layout included); "action" from the click on "Zaak oppakken"
until its result line is visible, and from choosing a status filter until the table shows it.
Writes nothing; copy the printed figures into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "dashboards"))

from dash_builder import PASSWORDS, build_data_folder
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[idx]


def _summary(name: str, values_ms: list[float]) -> str:
    return (
        f"{name}: n={len(values_ms)} median={statistics.median(values_ms):.0f} ms "
        f"p95={_pct(values_ms, 0.95):.0f} ms max={max(values_ms):.0f} ms"
    )


def _start_server(data: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "signals.cli", "serve", "--data", str(data), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "VROEGSIGNAAL_TAAL": "nl"},
    )
    import urllib.request

    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--port", type=int, default=5091)
    parser.add_argument("--data", type=Path, help="an existing folder built by this script")
    parser.add_argument("--keep", type=Path, help="build the folder here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.data is not None:
            root = args.data
        else:
            root = args.keep or Path(tmp) / "data"
            t0 = time.perf_counter()
            build_data_folder(root, households=args.cases)
            took = time.perf_counter() - t0
            print(f"data folder with {args.cases} open cases built in {took:.1f} s")
        proc = _start_server(root, args.port)
        base = f"http://127.0.0.1:{args.port}"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--headless=new", "--no-sandbox", "--disable-gpu"],
                )
                page = browser.new_page(viewport={"width": 1366, "height": 900})
                page.set_default_timeout(30_000)
                page.goto(f"{base}/login")
                page.fill("#username", "werker")
                page.fill("#password", PASSWORDS["werker"])
                page.click("button[type=submit]")
                page.locator("table#voorstellen").wait_for()

                renders = []
                for _ in range(args.loads):
                    start = time.perf_counter()
                    page.goto(f"{base}/bord")
                    page.locator("table#voorstellen").wait_for()
                    renders.append(1000 * (time.perf_counter() - start))
                open_cases = page.locator("table#voorstellen caption").inner_text()
                print(f"board shows: {open_cases}")

                takes = []
                select = page.get_by_label("Kies een zaak")
                button = page.get_by_role("button", name="Zaak oppakken")
                for _ in range(args.actions):
                    labels = select.locator("option").all_inner_texts()
                    label = next(x for x in labels if "Voorgesteld" in x)
                    case_id = label.split(" · ")[0].removeprefix("Zaak ")
                    select.select_option(label=label)
                    expect(button).to_be_enabled()
                    start = time.perf_counter()
                    button.click()
                    page.get_by_text(f"Zaak {case_id} is nu van u.").wait_for()
                    takes.append(1000 * (time.perf_counter() - start))

                filters = []
                state = page.get_by_label("Status", exact=True)
                for i in range(args.actions):
                    label = "Toegewezen" if i % 2 == 0 else "Voorgesteld"
                    start = time.perf_counter()
                    state.select_option(label=label)
                    if label == "Toegewezen":
                        expect(page.locator("table#voorstellen")).to_have_count(0)
                    else:
                        page.locator("table#voorstellen").wait_for()
                    filters.append(1000 * (time.perf_counter() - start))
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=20)

    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 cores)")
    print(_summary("board render (navigation -> table visible)", renders))
    print(_summary("action: take a case (click -> result shown)", takes))
    print(_summary("action: status filter (choice -> table updated)", filters))


if __name__ == "__main__":
    main()
