"""Shared small simulated worlds (module-independent, built once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from signals.simulator import simulate

BIASES = (
    "measurement:migratieachtergrond=buiten_europa:0.3:cjib",
    "measurement:wijk=Oude Haven:0.2:duo",
    "label:geslacht=V:0.5",
    "proxy:migratieachtergrond=buiten_europa:0.9:cak",
)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A fault-free town of 3,000 residents over 30 months."""
    out = tmp_path_factory.mktemp("world")
    return out, simulate(out, residents=3_000, months=30, seed=7)


@pytest.fixture(scope="session")
def faulty_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("faulty")
    return out, simulate(out, residents=1_500, months=14, seed=11, faults=0.01)


@pytest.fixture(scope="session")
def biased_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("biased")
    return out, simulate(out, residents=3_000, months=24, seed=7, bias=BIASES)


@pytest.fixture(scope="session")
def control_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The biased world's twin without bias."""
    out = tmp_path_factory.mktemp("control")
    return out, simulate(out, residents=3_000, months=24, seed=7)
