"""Browser tests of the dashboards: a real ``vroegsignaal serve`` subprocess on a free localhost
port, against a data folder built once per session, driven by Debian's headless Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).parent))

from dash_builder import PASSWORDS, Built, build_data_folder
from dash_checks import free_port

CHROMIUM = "/usr/bin/chromium"

# The machine is shared and often busy: give assertions as long as actions before failing.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _wait_for(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server stopped with exit code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"server did not answer on {url}")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_data_folder(tmp_path_factory.mktemp("data"), households=12)


@pytest.fixture(scope="session")
def server(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("log") / "serve.log"
    # Open pages check their login every 2 seconds here (30 in production).
    env = {**os.environ, "VROEGSIGNAAL_TAAL": "nl", "VROEGSIGNAAL_SESSIE_CONTROLE": "2"}
    env.pop("VROEGSIGNAAL_DATABASE_URL", None)
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "signals.cli",
                "serve",
                "--data",
                str(built.data.root),
                "--port",
                str(port),
                "--address",
                "127.0.0.1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/login", proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if proc.returncode not in (0, -15, None):
            print(log.read_text())


@pytest.fixture
def login(page, server):  # type: ignore[no-untyped-def]
    """Log in as ``username`` through the real login form; returns the page."""

    def _login(username: str, *, lang: str = "nl"):  # type: ignore[no-untyped-def]
        page.set_default_timeout(15_000)
        page.goto(f"{server}/login?taal={lang}")
        page.fill("#username", username)
        page.fill("#password", PASSWORDS[username])
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    return _login
