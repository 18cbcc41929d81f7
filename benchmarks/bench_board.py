"""Benchmark: the case board with 5,000 open cases, in a real headless Chromium.

Targets (issue 8): the board renders within 1 second and an action shows its result within
300 ms, both at the 95th percentile.

    .venv/bin/python benchmarks/bench_board.py [--cases 5000] [--loads 20] [--actions 20]
        [--data DIR]   # reuse a folder an earlier run built with --keep DIR (faster)
        [--baseline-code DIR]  # also serve an older dashboards package, measured interleaved

"Render" is measured from navigation start until the board's first table is visible (server
work, transfer and the browser's layout included); "action" from the click on "Zaak oppakken"
until its result line is visible, and from choosing a status filter until the table shows it.
Each is taken on the page's own clock (to the first animation frame that shows it) and, as a
cross-check, from the script (which adds Playwright's actionability checks and messages).
Writes nothing; copy the printed figures into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "dashboards"))

from dash_builder import PASSWORDS, build_data_folder  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

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


def _start_server(data: Path, port: int, code: Path | None = None) -> subprocess.Popen:
    """``vroegsignaal serve`` on ``port``; with ``code``, the ``dashboards`` package is taken
    from that folder instead (an older version, to compare in the same run)."""
    env = {**os.environ, "VROEGSIGNAAL_TAAL": "nl"}
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(code), str(ROOT)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "signals.cli", "serve", "--data", str(data), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=str(code) if code is not None else str(ROOT),
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


#: Runs in every page: a frame-by-frame watch that records, on the page's own clock
#: (``performance.now()``, 0 = navigation start), when the user's last click or choice happened
#: and in which frame a condition first held (the frame that shows it).
_WATCH = """
window.__vs = { event: null };
for (const type of ["click", "input"]) {
  document.addEventListener(type, () => { window.__vs.event = performance.now(); },
                            { capture: true });
}
window.__vsFind = (selector, text) => {
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (selector && el.matches(selector)) return true;
      if (text && el.childElementCount === 0 && el.textContent === text) return true;
      if (el.shadowRoot && walk(el.shadowRoot)) return true;
    }
    return false;
  };
  return walk(document);
};
window.__vsWatch = (selector, text, present) => {
  window.__vs.done = null;
  const tick = (now) => {
    if (window.__vsFind(selector, text) === present) window.__vs.done = now;
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};
window.__vsWatch("table#voorstellen", null, true);
"""


class Board:
    """One logged-in worker's browser page on one server.

    Each measure is taken twice: on the page's own clock (from navigation start, the click or
    the choice, to the first frame that shows the result: what the user sees) and from outside
    by the script (which adds Playwright's own checks and messages)."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.add_init_script(_WATCH)
        self.page = page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{base}/login")
        page.fill("#username", "werker")
        page.fill("#password", PASSWORDS["werker"])
        page.click("button[type=submit]")
        page.locator("table#voorstellen").wait_for()
        self.results: dict[str, list[float]] = {}

    def _add(self, name: str, value: float) -> None:
        self.results.setdefault(name, []).append(value)

    def _page_time(self, *, since_event: bool) -> float:
        self.page.wait_for_function("window.__vs.done !== null")
        done, event = self.page.evaluate("[window.__vs.done, window.__vs.event]")
        return float(done - event) if since_event else float(done)

    def render(self) -> None:
        start = time.perf_counter()
        self.page.goto(f"{self.base}/bord")
        self.page.locator("table#voorstellen").wait_for()
        self._add("render (script)", 1000 * (time.perf_counter() - start))
        self._add("render (page)", self._page_time(since_event=False))

    def take(self) -> None:
        page = self.page
        select = page.get_by_label("Kies een zaak")
        button = page.get_by_role("button", name="Zaak oppakken")
        labels = select.locator("option").all_inner_texts()
        label = next(x for x in labels if "Voorgesteld" in x)
        case_id = label.split(" · ")[0].removeprefix("Zaak ")
        select.select_option(label=label)
        expect(button).to_be_enabled()
        page.wait_for_timeout(100)  # let the choice reach the server before the clock starts
        done = f"Zaak {case_id} is nu van u."
        page.evaluate("(text) => window.__vsWatch(null, text, true)", done)
        start = time.perf_counter()
        button.click()
        page.get_by_text(done).wait_for()
        self._add("take (script)", 1000 * (time.perf_counter() - start))
        self._add("take (page)", self._page_time(since_event=True))

    def filter(self, i: int) -> None:
        page = self.page
        state = page.get_by_label("Status", exact=True)
        label = "Toegewezen" if i % 2 == 0 else "Voorgesteld"
        present = label == "Voorgesteld"  # the proposals table goes away, or comes back
        page.evaluate("(p) => window.__vsWatch('table#voorstellen', null, p)", present)
        start = time.perf_counter()
        state.select_option(label=label)
        if present:
            page.locator("table#voorstellen").wait_for()
        else:
            expect(page.locator("table#voorstellen")).to_have_count(0)
        self._add("filter (script)", 1000 * (time.perf_counter() - start))
        self._add("filter (page)", self._page_time(since_event=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--actions", type=int, default=20)
    parser.add_argument("--port", type=int, default=5091)
    parser.add_argument("--data", type=Path, help="an existing folder built by this script")
    parser.add_argument("--keep", type=Path, help="build the folder here and keep it")
    parser.add_argument(
        "--baseline-code",
        type=Path,
        help="a folder holding an older dashboards package (git archive REV dashboards | tar -x "
        "-C DIR): served too, on a copy of the data, and measured interleaved with this one",
    )
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
        servers = {"this code": (root, None)}
        if args.baseline_code is not None:
            copy = Path(tmp) / "baseline-data"
            shutil.copytree(root, copy)
            servers["baseline"] = (copy, args.baseline_code)
        procs = []
        boards: dict[str, Board] = {}
        try:
            for i, (data, code) in enumerate(servers.values()):
                procs.append(_start_server(data, args.port + i, code))
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM,
                    args=["--headless=new", "--no-sandbox", "--disable-gpu"],
                )
                for i, name in enumerate(servers):
                    boards[name] = Board(browser, f"http://127.0.0.1:{args.port + i}")
                for _ in range(args.loads):  # interleaved, so both see the same load
                    for board in boards.values():
                        board.render()
                for board in boards.values():
                    caption = board.page.locator("table#voorstellen caption").inner_text()
                    print(f"board shows: {caption}")
                for _ in range(args.actions):
                    for board in boards.values():
                        board.take()
                for i in range(args.actions):
                    for board in boards.values():
                        board.filter(i)
                browser.close()
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=20)

    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 cores)")
    for name, board in boards.items():
        print(f"-- {name}")
        for what, values in board.results.items():
            print(_summary(what, values))
    if len(boards) == 2:
        new, old = boards.values()
        for what, values in new.results.items():
            base = old.results[what]
            median = statistics.median(values) / statistics.median(base)
            p95 = _pct(values, 0.95) / _pct(base, 0.95)
            print(f"{what}: this code / baseline, median {median:.2f}, p95 {p95:.2f}")


if __name__ == "__main__":
    main()
