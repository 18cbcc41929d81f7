"""End to end: events registered after a month's end never change that month; a run killed
half-way leaves no half-written month, and the next run gives what an uninterrupted run gives."""

import json
import shutil
import subprocess
import sys
import textwrap

import duckdb

from tests.pipelines.conftest import run, snapshot
from tests.pipelines.handmade import BSN


def test_events_registered_later_do_not_change_earlier_months(town, copy_of):
    late = copy_of(town, "late")
    extra = [
        {
            "gebeurtenis_type": "FinancieleVerplichtingOpgelegd",
            "gebeurteniskenmerk": "laat-1",
            "datumtijd_gebeurtenis": "2024-04-01T00:00:00+02:00",
            "zaakkenmerk": "LAAT-1",
            "bsn": BSN[3],
            "datumtijd_opgelegd": "2024-04-01T00:00:00+02:00",
            "primaire_verplichting": True,
            "type_financiele_verplichting": "cjib_strafbeschikking",
            "bedrag": 45000,
        },
        {
            "gebeurtenis_type": "BetalingsverplichtingOpgelegd",
            "gebeurteniskenmerk": "laat-2",
            "datumtijd_gebeurtenis": "2024-04-02T09:00:00+02:00",
            "zaakkenmerk": "LAAT-1",
            "bsn": BSN[3],
            "type": "Aanmaning",
            "bedrag": 45000,
            "vervaldatum": "2024-03-01",
        },
        {
            "gebeurtenis_type": "BetalingVerwerkt",
            "gebeurteniskenmerk": "laat-3",
            "datumtijd_gebeurtenis": "2024-04-03T09:00:00+02:00",
            "zaakkenmerk": "CJ-1",
            "bsn": BSN[0],
            "bedrag": 30000,
            "datum_betaling": "2024-04-03",
        },
    ]
    path = late.landing / "cjib" / "2024-04.jsonl"
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(json.dumps(e) + "\n" for e in extra)
    assert run(late).success
    before = snapshot(town.serving)["household_features"]
    after = snapshot(late.serving)["household_features"]
    april = [r for r in after if str(r[1]) == "2024-04-01"]
    assert [r for r in after if str(r[1]) < "2024-04-01"] == [
        r for r in before if str(r[1]) < "2024-04-01"
    ]
    assert april != [r for r in before if str(r[1]) == "2024-04-01"]
    assert len(april) == 2  # Dirk's household appears in April with the late fine


_RUN = textwrap.dedent("""
    from pathlib import Path
    import dagster as dg
    from pipelines.definitions import CORE_MODULES, build_definitions
    from pipelines.resources import WarehouseResource
    from pipelines.runner import run_pipeline
    from signals.paths import DataDir
    data = DataDir(Path(sys.argv[1]))
    defs = build_definitions(WarehouseResource(data_dir=str(data.root)), modules=CORE_MODULES)
    run_pipeline(data, instance=dg.DagsterInstance.ephemeral(), defs=defs)
""")


def run_until_killed(data, patch: str) -> None:
    """Run the pipeline on ``data`` in a fresh process after ``patch`` (Python that makes the
    process die with ``os._exit(9)`` somewhere inside the run), and check that it died there."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os, sys\n" + textwrap.dedent(patch) + _RUN, str(data.root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 9, proc.stderr[-2000:]


def rows(path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


_DIE_WRITING_FEATURES = """
    from pipelines import build
    from pipelines.warehouse import load_sql

    original = build._replace_months

    def crash_half_way(con, model, table):
        if model == "household_features":
            # half the work done inside the open transaction: old rows deleted, or the new
            # table created and filled
            con.execute(
                f"DELETE FROM {table} WHERE month IN (SELECT month FROM as_of_months)"
            ).complete()
            con.execute(f"INSERT INTO {table} BY NAME {load_sql(model)} LIMIT 3").complete()
            os._exit(9)  # the process dies: no commit, no clean-up
        return original(con, model, table)

    build._replace_months = crash_half_way
"""


def test_killed_run_then_rerun_equals_uninterrupted(town, copy_of):
    crashed = copy_of(town, "crashed")
    # the second run of this folder dies while writing the features of every month
    run_until_killed(crashed, _DIE_WRITING_FEATURES)
    # the previous run's features are intact: the half-done write was rolled back
    assert rows(crashed.warehouse, "SELECT count(*) FROM serving.household_features") == [(7,)]
    # the next run completes it, with the result of an uninterrupted run
    assert run(crashed).success
    assert snapshot(crashed.serving) == snapshot(town.serving)
    assert snapshot(crashed.restricted) == snapshot(town.restricted)


_DIE_LOADING_SECOND_MONTH = """
    from pipelines import load

    original, loaded = load.load_brp, []

    def load_then_die(con, data, month):
        totals = original(con, data, month)  # the month's rows written, not yet committed
        loaded.append(month)
        if len(loaded) == 2:
            os._exit(9)  # the process dies inside the second month's transaction
        return totals

    load.load_brp = load_then_die
"""


def test_run_killed_while_loading_keeps_whole_months(town, fresh_town):
    shutil.copytree(town.secrets, fresh_town.secrets)  # the same key as the uninterrupted run
    run_until_killed(fresh_town, _DIE_LOADING_SECOND_MONTH)
    per_month = "SELECT month, count(*) FROM raw.persons GROUP BY month ORDER BY month"
    # the first month is loaded whole (as in the uninterrupted run), the second not at all
    assert rows(fresh_town.warehouse, per_month) == rows(town.warehouse, per_month)[:1]
    brp_files = "SELECT count(*) FROM serving.deliveries WHERE kind = 'brp'"
    assert rows(fresh_town.warehouse, brp_files) == [(1,)]
    assert run(fresh_town).success
    assert snapshot(fresh_town.serving) == snapshot(town.serving)
    assert snapshot(fresh_town.restricted) == snapshot(town.restricted)
