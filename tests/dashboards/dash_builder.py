"""Build a small, explicit data folder for the dashboard tests and the board benchmark.

The published stores are written as the pipeline publishes them (docs/data-model.md): a
``serving.duckdb`` with scores, explanations, the arrears timeline, deliveries, rejects, freshness
and the retention log, and a ``restricted.duckdb`` with identities and the raw rejected lines.
Cases then come in through casework's real intake, and users through casework's real user store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from casework.store import open_store
from signals.paths import DataDir

__all__ = ["PASSWORDS", "TEAM", "USERS", "Built", "build_data_folder"]

TEAM = "wijkteam"
MONTH = date(2026, 10, 1)
#: username -> (role, team)
USERS = {
    "werker": ("maatschappelijk_werker", TEAM),
    "werker2": ("maatschappelijk_werker", TEAM),
    "vertrekt": ("maatschappelijk_werker", TEAM),
    "leider": ("teamleider", TEAM),
    "steward": ("data_steward", None),
    "ethiek": ("ethiek_reviewer", None),
    "beheer": ("beheerder", None),
}
PASSWORDS = {name: f"wachtwoord-{name}-123" for name in USERS}
RAW_REJECT_LINE = '{"bsn": "999999990", "bedrag": "veel", "kenmerk": "raw-line-marker"}'


@dataclass(frozen=True)
class Built:
    data: DataDir
    households: list[str]


def _household(i: int) -> str:
    return f"hh_{i:016x}"


def build_data_folder(root: Path, *, households: int = 12, k: int | None = None) -> Built:
    """Write the stores for ``households`` scored households and take the top ``k`` (default all)
    in as cases for team ``wijkteam``."""
    data = DataDir(root)
    root.mkdir(parents=True, exist_ok=True)
    ids = [_household(i + 1) for i in range(households)]
    version = "lgbm-test-1"
    scores = pd.DataFrame(
        {
            "household_id": ids,
            "month": [MONTH] * households,
            "model_version": [version] * households,
            "score": [round(0.9 - 0.8 * i / max(1, households), 4) for i in range(households)],
            "rank": list(range(1, households + 1)),
            "selected": [True] * households,
        }
    )
    expl_rows = []
    for hh in ids:
        expl_rows += [
            (
                hh,
                MONTH,
                version,
                "cjib_verhogingen",
                2.0,
                0.8,
                "Boete bij het CJIB is twee keer verhoogd",
                "CJIB fine was raised twice",
                1,
            ),
            (
                hh,
                MONTH,
                version,
                "instanties_met_achterstand",
                3.0,
                0.5,
                "Achterstand bij 3 instanties, samen € 1.240",
                "Arrears with 3 agencies, € 1,240 in total",
                2,
            ),
            (
                hh,
                MONTH,
                version,
                "cak_oudste_achterstand_maanden",
                7.0,
                0.3,
                "Zorgpremie sinds 7 maanden niet betaald",
                "Health premium unpaid for 7 months",
                3,
            ),
            (
                hh,
                MONTH,
                version,
                "aantal_kinderen",
                0.0,
                -0.1,
                "Geen kinderen in het huishouden",
                "No children in the household",
                4,
            ),
        ]
    explanations = pd.DataFrame(
        expl_rows,
        columns=[
            "household_id",
            "month",
            "model_version",
            "feature",
            "value",
            "contribution",
            "sentence_nl",
            "sentence_en",
            "position",
        ],
    )
    timeline_rows = []
    for hh in ids[:50]:  # the case page plot; enough households for the tests
        for m in range(6):
            month = date(2026, 5 + m, 1)
            timeline_rows += [
                (hh, month, "cjib", 10_000 * (m + 1), 15_000 * (m + 1)),
                (hh, month, "cak", 5_000 * m, 8_000 * m),
                (hh, month, "duo", 27_000 if m > 2 else 0, 120_000),
            ]
    timeline = pd.DataFrame(
        timeline_rows, columns=["household_id", "month", "bron", "achterstand_cent", "saldo_cent"]
    )
    loaded = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
    deliveries = pd.DataFrame(
        [
            ("landing/cjib/2026-10.jsonl", "cjib", "events", MONTH, 120, 117, 2, 1, loaded),
            ("landing/cak/2026-10.jsonl", "cak", "events", MONTH, 80, 80, 0, 0, loaded),
            ("brp/2026-10.csv", "brp", "brp", MONTH, 500, 500, 0, 0, loaded),
        ],
        columns=[
            "path",
            "bron",
            "kind",
            "delivery_month",
            "received",
            "accepted",
            "rejected",
            "dropped_by_policy",
            "loaded_at",
        ],
    )
    rejects = pd.DataFrame(
        [
            (
                "landing/cjib/2026-10.jsonl",
                "cjib",
                "events",
                MONTH,
                17,
                "ONGELDIG_BEDRAG",
                "Het bedrag in 'bedrag' is niet geldig: 'veel'. "
                "Gebruik hele eurocenten, groter dan 0.",
            ),
            (
                "landing/cjib/2026-10.jsonl",
                "cjib",
                "events",
                MONTH,
                42,
                "ONGELDIG_BSN",
                "Het BSN '12345' is niet geldig (te kort). Controleer het BSN.",
            ),
        ],
        columns=["path", "bron", "kind", "delivery_month", "line", "code", "message"],
    )
    freshness = pd.DataFrame(
        [
            (MONTH, "cjib", "geleverd", loaded),
            (MONTH, "cak", "geleverd", loaded),
            (MONTH, "duo", "ontbreekt", loaded),
        ],
        columns=["month", "bron", "status", "checked_at"],
    )
    retention = pd.DataFrame(
        [(loaded, "cjib", "raw.events", date(2023, 10, 1), 314)],
        columns=["deleted_at", "bron", "table_name", "cutoff", "rows_deleted"],
    )
    with duckdb.connect(str(data.serving)) as con:
        for name, frame in {
            "scores": scores,
            "explanations": explanations,
            "arrears_timeline": timeline,
            "deliveries": deliveries,
            "rejects": rejects,
            "freshness": freshness,
            "retention_log": retention,
        }.items():
            con.register("frame", frame)
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")

    identity = pd.DataFrame(
        [
            (
                f"p{i:031x}",
                f"{100000000 + i:09d}",
                hh,
                MONTH,
                f"Inwoner {i}",
                f"Dorpsstraat {i}",
                "1234 AB",
                "Ergenshuizen",
                "0612345678",
            )
            for i, hh in enumerate(ids, start=1)
        ],
        columns=[
            "pseudonym",
            "bsn",
            "household_id",
            "month",
            "naam",
            "adres",
            "postcode",
            "woonplaats",
            "telefoon",
        ],
    )
    reject_raw = pd.DataFrame(
        [
            ("landing/cjib/2026-10.jsonl", 17, RAW_REJECT_LINE),
            ("landing/cjib/2026-10.jsonl", 42, '{"bsn": "12345"}'),
        ],
        columns=["path", "line", "raw"],
    )
    protected = pd.DataFrame(
        [
            (hh, MONTH, "v" if i % 2 else "m", "35-49", "nederland", "centrum", "alleenstaand")
            for i, hh in enumerate(ids)
        ],
        columns=[
            "household_id",
            "month",
            "geslacht",
            "leeftijdsgroep",
            "migratieachtergrond",
            "wijk",
            "huishoudtype",
        ],
    )
    with duckdb.connect(str(data.restricted)) as con:
        for name, frame in {
            "identity": identity,
            "reject_raw": reject_raw,
            "household_protected": protected,
        }.items():
            con.register("frame", frame)
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")

    with open_store(data) as store:
        for name, (role, team) in USERS.items():
            store.add_user(name, PASSWORDS[name], role=role, team=team)
        store.intake(month=MONTH, team=TEAM, k=k if k is not None else households)
    _write_reviews(data, version)
    return Built(data=data, households=ids)


def _write_reviews(data: DataDir, version: str) -> None:
    """A model registry entry and an audit report, in the shapes docs/model.md and
    docs/fairness.md describe (only the files the ethics view reads)."""
    folder = data.models / version
    folder.mkdir(parents=True, exist_ok=True)
    per_month = []
    for m, p in ((7, 0.40), (8, 0.42), (9, 0.45)):
        per_month.append(
            {
                "month": date(2026, m, 1).isoformat(),
                "k": 10,
                "model": {"precision_at_k": p, "recall_at_k": p / 2},
                "threshold_rule": {"precision_at_k": p / 2, "recall_at_k": p / 4},
                "logistic_regression": {"precision_at_k": p * 0.8, "recall_at_k": p / 3},
                "oracle": {"precision_at_k": p * 1.1, "recall_at_k": p / 1.8},
            }
        )
    metrics = {
        "k": 10,
        "test_months": [e["month"] for e in per_month],
        "precision_at_k": {
            "model": 0.423,
            "threshold_rule": 0.21,
            "logistic_regression": 0.34,
            "oracle": 0.47,
        },
        "recall_at_k": {
            "model": 0.21,
            "threshold_rule": 0.1,
            "logistic_regression": 0.14,
            "oracle": 0.23,
        },
        "pr_auc": {
            "model": 0.3,
            "threshold_rule": 0.15,
            "logistic_regression": 0.25,
            "oracle": 0.35,
        },
        "brier": {
            "model": 0.08,
            "threshold_rule": None,
            "logistic_regression": 0.09,
            "oracle": 0.07,
        },
        "per_month": per_month,
    }
    (folder / "manifest.json").write_text(json.dumps({"version": version}), "utf-8")
    (folder / "metrics.json").write_text(json.dumps(metrics), "utf-8")
    card = folder / "card"
    card.mkdir()
    (card / "model_card.md").write_text(
        "# Modelkaart lgbm-test-1\n\n"
        "Doel: huishoudens hulp aanbieden. <script>alert(1)</script>\n\n"
        "Belangrijkste kenmerk: `cjib_verhogingen`.\n",
        "utf-8",
    )
    (card / "algoritmeregister.json").write_text(json.dumps({"name": "Vroegsignaal"}), "utf-8")
    pd.DataFrame(
        {
            "feature": ["cjib_verhogingen", "instanties_met_achterstand", "aantal_kinderen"],
            "importance": [0.5, 0.3, 0.05],
        }
    ).to_parquet(folder / "global_importance.parquet")
    (data.models / "ACTIVE.json").write_text(json.dumps({"version": version}), "utf-8")
    audit_dir = data.audits / version
    audit_dir.mkdir(parents=True, exist_ok=True)
    checks: list[dict[str, object]] = [
        {
            "attribute": "geslacht",
            "group": g,
            "metric": "recall_ratio",
            "value": v,
            "ci_low": v - 0.1,
            "ci_high": min(1.0, v + 0.1),
            "reference_group": "m",
            "threshold": 0.8,
            "direction": "min",
            "n": 120,
            "base": 40,
            "verdict": "pass",
            "note": "",
        }
        for g, v in (("v", 0.93), ("m", 1.0))
    ]
    checks.append(
        {
            "attribute": "geslacht",
            "group": "v",
            "metric": "calibration_ratio",
            "value": 1.02,
            "ci_low": 0.9,
            "ci_high": 1.15,
            "reference_group": None,
            "threshold": [0.8, 1.25],
            "direction": "between",
            "n": 120,
            "base": 40,
            "verdict": "pass",
            "note": "",
        }
    )
    checks.append(
        {
            "attribute": "huishoudtype",
            "group": "alleenstaande_ouder",
            "metric": "proxy_auc",
            "value": 0.71,
            "ci_low": 0.66,
            "ci_high": 0.76,
            "reference_group": None,
            "threshold": 0.7,
            "direction": "max",
            "n": 400,
            "base": 400,
            "verdict": "undetermined",
            "note": "",
            "feature": "aantal_kinderen",
        }
    )
    report = {
        "model_version": version,
        "verdict": "undetermined",
        "scope": "offline",
        "counts": {"pass": 3, "fail": 0, "undetermined": 1, "too_small": 0},
        "checks": checks,
    }
    (audit_dir / "audit.json").write_text(json.dumps(report), "utf-8")
    (audit_dir / "audit.html").write_text("<html><body>audit</body></html>", "utf-8")
