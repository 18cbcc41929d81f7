"""Finding deliveries in the contract layout, and the steward's ``vroegsignaal validate``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from signals.rejects import RejectCode
from signals.validate import DeliveryError, detect_delivery, iter_delivery_files, scan_deliveries
from signals.validate_cli import app


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("data/landing/cjib/2024-03.jsonl", ("cjib", "events", "2024-03")),
        ("landing/bd/2023-12.csv", ("bd", "signals", "2023-12")),
        ("x/brp/2024-01.csv", ("brp", "brp", "2024-01")),
        ("uitkomsten/2024-02.csv", ("uitkomsten", "uitkomsten", "2024-02")),
        ("contact/2024-02.csv", ("contact", "contact", "2024-02")),
        ("landing/svb/2024-02.jsonl", ("svb", "events", "2024-02")),
    ],
)
def test_detect_delivery(path, expected):
    assert detect_delivery(Path(path)) == expected


@pytest.mark.parametrize(
    "path",
    [
        "landing/cjib/2024-13.jsonl",
        "landing/cjib/2024-3.jsonl",
        "landing/cjib/2024-03.json",
        "cjib/2024-03.jsonl",
        "brp/2024-03.jsonl",
        "landing/2024-03.csv",
    ],
)
def test_detect_delivery_refuses_other_paths(path):
    with pytest.raises(DeliveryError, match="geen aanlevering volgens het contract"):
        detect_delivery(Path(path))


def test_delivery_order(tmp_path):
    names = [
        "uitkomsten/2024-01.csv",
        "landing/bd/2024-01.jsonl",
        "landing/cjib/2024-01.csv",
        "landing/cjib/2024-01.jsonl",
        "landing/cak/2024-01.jsonl",
        "landing/zzz/2024-01.jsonl",
        "contact/2024-01.csv",
        "brp/2024-01.csv",
        "brp/2023-12.csv",
        "landing/cjib/notes.txt",
        "landing/cjib/2024-1.jsonl",
        ".hidden/brp/2024-01.csv",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    files, skipped = scan_deliveries([tmp_path, tmp_path / "brp" / "2024-01.csv"])
    assert [str(f.relative_to(tmp_path)) for f in files] == [
        "brp/2023-12.csv",
        "brp/2024-01.csv",
        "contact/2024-01.csv",
        "landing/cjib/2024-01.jsonl",
        "landing/cjib/2024-01.csv",
        "landing/cak/2024-01.jsonl",
        "landing/bd/2024-01.jsonl",
        "landing/zzz/2024-01.jsonl",
        "uitkomsten/2024-01.csv",
    ]
    assert [str(s.relative_to(tmp_path)) for s in skipped] == ["landing/cjib/2024-1.jsonl"]
    assert iter_delivery_files([tmp_path]) == files


def test_cli_good_folder_exits_0(good):
    result = CliRunner().invoke(app, [str(good)])
    assert result.exit_code == 0, result.output
    assert "ontvangen 9, geaccepteerd 9, geweigerd 0" in result.output
    assert "Totaal: 5 bestand(en), ontvangen 19, geaccepteerd 19, geweigerd 0." in result.output


def test_cli_broken_folder_json(broken):
    result = CliRunner().invoke(app, [str(broken), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    files = {Path(f["path"]).relative_to(broken).as_posix(): f for f in payload["files"]}
    assert set(files) == {
        "brp/2024-03.csv",
        "landing/cjib/2024-03.jsonl",
        "landing/cak/2024-03.csv",
        "landing/duo/2024-03.jsonl",
        "landing/bd/2024-03.jsonl",
        "landing/svb/2024-03.jsonl",
        "uitkomsten/2024-03.csv",
    }
    for report in payload["files"]:
        assert {"path", "bron", "kind", "received", "accepted", "rejected", "rejects"} <= set(
            report
        )
        assert report["received"] == report["accepted"] + report["rejected"]
        assert report["kind"] in {"events", "signals", "brp", "uitkomsten", "contact"}
        for reject in report["rejects"]:
            assert set(reject) == {"line", "code", "message"}
    assert files["landing/duo/2024-03.jsonl"]["rejects"] == [
        {
            "line": None,
            "code": "ONLEESBAAR_BESTAND",
            "message": files["landing/duo/2024-03.jsonl"]["rejects"][0]["message"],
        }
    ]
    cjib = files["landing/cjib/2024-03.jsonl"]
    assert (cjib["received"], cjib["accepted"], cjib["rejected"]) == (14, 1, 13)
    assert [r["line"] for r in cjib["rejects"]] == list(range(2, 15))
    every_code = {code for f in payload["files"] for code in f["rejected_by_code"]}
    # The broken fixtures show every reason code but one (tested with a changed register).
    assert every_code == {str(c) for c in RejectCode} - {"BRON_ZONDER_GRONDSLAG"}


def test_cli_limits_the_rejects_shown(broken):
    path = broken / "landing" / "cjib" / "2024-03.jsonl"
    result = CliRunner().invoke(app, [str(path), "--max-rejects", "3"])
    assert result.exit_code == 1
    assert "eerste 3 weigeringen" in result.output and "regel 4" in result.output
    assert "regel 5 " not in result.output
    data = json.loads(CliRunner().invoke(app, [str(path), "--json", "--max-rejects", "0"]).stdout)
    assert len(data["files"][0]["rejects"]) == 13


def test_cli_english(good, monkeypatch):
    monkeypatch.setenv("VROEGSIGNAAL_TAAL", "en")
    result = CliRunner().invoke(app, [str(good / "uitkomsten")])
    assert "received 1, accepted 1, rejected 0" in result.output


@pytest.mark.parametrize("args", [[], ["/does/not/exist"], ["README.md"], ["--bogus", "x"]])
def test_cli_usage_errors_exit_2(args, tmp_path):
    env = {"VROEGSIGNAAL_DATA": str(tmp_path / "no-data-here")}
    assert CliRunner().invoke(app, args, env=env).exit_code == 2


def test_cli_defaults_to_the_data_folder(good):
    result = CliRunner().invoke(app, ["--data", str(good)])
    assert result.exit_code == 0 and "Totaal: 5 bestand(en)" in result.output
    result = CliRunner().invoke(app, [], env={"VROEGSIGNAAL_DATA": str(good)})
    assert result.exit_code == 0 and "Totaal: 5 bestand(en)" in result.output


def test_cli_empty_folder_exits_2(tmp_path):
    result = CliRunner().invoke(app, [str(tmp_path)])
    assert result.exit_code == 2 and "Geen aanleveringen" in result.output


def test_console_script_end_to_end(good, broken):
    exe = Path(sys.executable).with_name("vroegsignaal")
    ok = subprocess.run([exe, "validate", str(good)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [exe, "validate", "--json", str(broken / "uitkomsten")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["files"][0]["rejected"] == 5
