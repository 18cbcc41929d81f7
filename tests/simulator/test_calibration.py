"""A mid-sized town lands within tolerance on every calibration target."""

from __future__ import annotations

from signals.simulator import simulate


def test_calibration_within_tolerance(tmp_path):
    summary = simulate(tmp_path / "town", residents=8_000, months=36, seed=42, truth_replicates=1)
    off = [c for c in summary["calibration"] if not c["within_tolerance"]]
    assert not off, off
    names = {c["name"] for c in summary["calibration"]}
    assert len(names) == 13
    for c in summary["calibration"]:
        assert set(c) >= {"name", "value", "target", "within_tolerance"}
