from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from signals.simulator import BiasError, SimulationError, parse_bias, simulate


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(tmp_path):
    opts = dict(residents=800, months=8, seed=3, faults=0.02, bias=("label:geslacht=V:0.5",))
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    simulate(a, **opts)
    simulate(b, **opts)
    simulate(c, **{**opts, "seed": 4})
    da, db = _digest(a), _digest(b)
    assert da == db
    assert len(da) > 30
    assert _digest(c) != da


@pytest.mark.parametrize(
    "spec",
    [
        "measurement:migratieachtergrond=buiten_europa:0.3",  # no bron
        "label:geslacht=Q:0.5",
        "proxy:leeftijd=jong:0.5",
        "measurement:geslacht=V:1.5:cjib",
        "weird:geslacht=V:0.5",
        "label:geslacht=V",
        "label:geslacht=V:0.5:cjib",
    ],
)
def test_malformed_bias_gets_a_dutch_error(spec, monkeypatch):
    monkeypatch.setenv("VROEGSIGNAAL_TAAL", "nl")
    with pytest.raises(BiasError) as err:
        parse_bias(spec)
    assert spec in str(err.value) or "bron" in str(err.value)


def test_bad_options_are_refused_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("VROEGSIGNAAL_TAAL", "nl")
    with pytest.raises(SimulationError, match="startmaand"):
        simulate(tmp_path / "x", residents=500, months=3, start="2023-13")
    assert not (tmp_path / "x").exists()
    simulate(tmp_path / "y", residents=300, months=2)
    with pytest.raises(SimulationError, match="bevat al"):
        simulate(tmp_path / "y", residents=300, months=2)


def test_cli_writes_a_town(tmp_path):
    from typer.testing import CliRunner

    from signals.simulator.cli import app

    result = CliRunner().invoke(
        app, ["--out", str(tmp_path / "t"), "--residents", "300", "--months", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "Klaar" in result.output
    assert (tmp_path / "t" / "summary.json").is_file()
    bad = CliRunner().invoke(app, ["--out", str(tmp_path / "u"), "--bias", "nonsense"])
    assert bad.exit_code == 2
