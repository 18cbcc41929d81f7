"""End to end: a real model trained with temporal validation and frozen in the registry, the
audit through the ``vroegsignaal audit`` command, the gate the registry enforces, sign-off,
export, and live monitoring. Known answers: each planted bias is flagged where it was planted;
the world without bias has no failing check."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from fairness import FEATURE_SET, read_alerts, read_gate
from fairness.cli import app
from models import registry
from models.messages import ModelError

runner = CliRunner()


def _audit(data, version, *extra):
    result = runner.invoke(app, ["--model", version, "--json", "--data", str(data.root), *extra])
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(result.stdout)


@pytest.fixture(scope="module")
def biased_audit(biased_world, tmp_path_factory):
    data, version = biased_world
    export = tmp_path_factory.mktemp("export")
    result, payload = _audit(data, version, "--export", str(export))
    return result, payload, export


def _checks(payload):
    return {
        (c["metric"], c["attribute"], c["group"], c.get("feature")): c for c in payload["checks"]
    }


def test_each_planted_bias_is_flagged(biased_audit):
    result, payload, _ = biased_audit
    checks = _checks(payload)
    assert payload["verdict"] == "fail"
    assert result.exit_code == 1
    # measurement: CJIB under-reports buiten_europa -> the model under-ranks them
    measured = checks[("recall_ratio", "migratieachtergrond", "buiten_europa", None)]
    assert measured["verdict"] == "fail"
    assert measured["ci_high"] < 0.8
    # label: V's outcomes recorded at 40% -> scores promise more than is recorded
    assert checks[("relative_calibration", "geslacht", "V", None)]["verdict"] == "fail"
    # proxy: a harmless-looking tax payment plan encodes wijk Noord
    proxy = checks[("proxy_auc", "wijk", "Noord", "bd_open_zaken")]
    assert proxy["verdict"] == "fail"
    assert checks[("proxy_auc", "wijk", "Noord", FEATURE_SET)]["verdict"] == "fail"
    # and nothing is flagged where nothing was planted
    for attribute in ("leeftijdsgroep", "huishoudtype"):
        flagged = [
            c for c in payload["checks"] if c["attribute"] == attribute and c["verdict"] == "fail"
        ]
        assert flagged == []


def test_registry_refuses_a_failed_model(biased_world, biased_audit):
    data, version = biased_world
    gate = read_gate(data, version)
    assert gate is not None and gate["verdict"] == "fail"
    assert "recall_ratio|migratieachtergrond|buiten_europa" in gate["failed"]
    with pytest.raises(ModelError):
        registry.activate(data, version)
    refused = runner.invoke(
        app,
        [
            "signoff",
            "--model",
            version,
            "--reviewer",
            "A. Toetser",
            "--reason",
            "x",
            "--data",
            str(data.root),
        ],
    )
    assert refused.exit_code == 2
    assert "afgekeurd" in refused.output


def test_export_recomputes_every_figure(biased_audit):
    _, payload, export = biased_audit
    (path,) = export.glob("*.parquet")
    table = pd.read_parquet(path)
    assert {
        "household_id",
        "month",
        "score",
        "selected",
        "label",
        "geslacht",
        "migratieachtergrond",
        "wijk",
        "leeftijdsgroep",
        "huishoudtype",
        "geslacht x migratieachtergrond",
    } <= set(table.columns)
    assert len(table) == payload["rows"]
    for figure in payload["metrics"]:
        rows = table[table[figure["attribute"]] == figure["group"]]
        positives = rows["label"].sum()
        recall = (rows["label"] & rows["selected"]).sum() / positives
        assert figure["n"] == len(rows)
        assert figure["recall"]["value"] == pytest.approx(recall, abs=1e-6)
        assert figure["calibration_ratio"]["value"] == pytest.approx(
            positives / rows["score"].sum(), abs=1e-6
        )


def test_reports_are_written(biased_world, biased_audit):
    data, version = biased_world
    html = (data.audits / version / "audit.html").read_text("utf-8")
    assert "<svg" in html and version in html and "afgekeurd" in html
    stored = json.loads((data.audits / version / "audit.json").read_text("utf-8"))
    assert stored["verdict"] == "fail"


@pytest.fixture(scope="module")
def fair_audit(fair_world):
    data, version = fair_world
    return _audit(data, version)[1]


def test_world_without_bias_has_no_failing_check_and_gate_follows(fair_world, fair_audit):
    data, version = fair_world
    payload = fair_audit
    assert [c for c in payload["checks"] if c["verdict"] == "fail"] == []
    assert payload["verdict"] in ("pass", "undetermined")
    if payload["verdict"] == "undetermined":
        with pytest.raises(ModelError):
            registry.activate(data, version)
        signed = runner.invoke(
            app,
            [
                "signoff",
                "--model",
                version,
                "--reviewer",
                "A. Toetser",
                "--reason",
                "Intervallen raken de drempel door kleine groepen; herhalen na 3 maanden",
                "--data",
                str(data.root),
            ],
        )
        assert signed.exit_code == 0, signed.output
        gate = read_gate(data, version)
        assert gate["signoff"]["reviewer"] == "A. Toetser"
    record = registry.activate(data, version, activated_by="test")
    assert record["gate_verdict"] == payload["verdict"]


def test_live_failure_after_offline_pass_raises_an_alert(fair_world, fair_audit):
    """The fair model in use meets a CJIB that stopped delivering most of one group's cases."""
    from fairness_world import Planted, add_live_months

    data, version = fair_world
    assert fair_audit["verdict"] != "fail"  # the offline audit the live one is compared with
    add_live_months(
        data,
        version,
        households=2000,
        months=2,
        seed=33,
        k=100,
        bias=(Planted("measurement", "migratieachtergrond", "buiten_europa", 0.1),),
    )
    result = runner.invoke(app, ["live", "--json", "--data", str(data.root)])
    assert result.exit_code == 1, result.output
    alerts = read_alerts(data)
    flagged = {(a["month"], a["attribute"], a["group"]) for a in alerts}
    assert ("alle-maanden", "migratieachtergrond", "buiten_europa") in flagged
    assert {a["attribute"] for a in alerts} <= {
        "migratieachtergrond",
        "geslacht x migratieachtergrond",
    }
    assert all(a["offline_verdict"] == "pass" and a["live_verdict"] == "fail" for a in alerts)
    assert (data.audits / "live" / version / "alle-maanden.html").is_file()
    # the same alerts are not raised twice
    runner.invoke(app, ["live", "--data", str(data.root)])
    assert len(read_alerts(data)) == len(alerts)


def _warehouse_from_published(data):
    """The pipeline's own database with the published tables in its serving and restricted
    schemas, as a pipeline run leaves them."""
    import duckdb

    with duckdb.connect(str(data.warehouse)) as con:
        for schema, path in (("serving", data.serving), ("restricted", data.restricted)):
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            con.execute(f"ATTACH '{path}' AS src (READ_ONLY)")
            tables = [
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'src'"
                ).fetchall()
            ]
            for table in tables:
                con.execute(
                    f"CREATE OR REPLACE TABLE {schema}.{table} AS SELECT * FROM src.{table}"
                )
            con.execute("DETACH src")


def test_dagster_gate_and_live_checks(fair_world, fair_audit):
    """The assets through Dagster's in-process materialize: the gate check passes for the
    signed-off active model; the live check fails once live outcomes contradict the offline
    pass."""
    import dagster as dg
    from fairness_world import Planted, add_live_months

    from pipelines.assets_fairness import (
        fairness_audit,
        fairness_live,
        live_fairness,
        promotion_gate,
    )
    from pipelines.resources import WarehouseResource

    data, version = fair_world
    if fair_audit["verdict"] == "undetermined" and not (read_gate(data, version) or {}).get(
        "signoff"
    ):
        from fairness import sign_off

        sign_off(data, version, reviewer="A. Toetser", reason="Kleine groepen; herhalen")
    registry.activate(data, version, activated_by="test")
    if not read_alerts(data):
        add_live_months(
            data,
            version,
            households=2000,
            months=2,
            seed=33,
            k=100,
            bias=(Planted("measurement", "migratieachtergrond", "buiten_europa", 0.1),),
        )
    _warehouse_from_published(data)
    result = dg.materialize(
        [fairness_audit, promotion_gate, fairness_live, live_fairness],
        resources={"warehouse": WarehouseResource(data_dir=str(data.root))},
        raise_on_error=False,
    )
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {"promotion_gate": True, "live_fairness": False}
    gate = read_gate(data, version)
    assert gate["verdict"] in ("pass", "undetermined")
    assert registry.gate_status(data, version)[0]
