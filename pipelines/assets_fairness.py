"""The fairness layer's assets and checks. Thin: every decision lives in ``fairness/``.

- ``fairness_audit`` (after training): audits the newest model version and the active one,
  writes their reports (``DATA/audits/<version>/``) and gates
  (``DATA/models/<version>/fairness_gate.json``, which ``models.registry.activate`` enforces).
- ``promotion_gate`` (blocking check on ``fairness_audit``): fails when the model in use is not
  allowed by its gate (a fail, or an undetermined audit without an ethics reviewer's sign-off),
  which stops the run before anything downstream is published. A newly trained model that fails
  its audit is simply never promoted; that is reported, not a failed run.
- ``fairness_live`` (after scoring): repeats the audit on months scored in use once their
  outcomes are known; ``live_fairness`` fails when a check that passed offline fails live.
"""

from __future__ import annotations

import contextlib

import dagster as dg

from models import registry
from models.messages import ModelError
from pipelines.resources import WarehouseResource

__all__ = ["fairness_audit", "fairness_live", "live_fairness", "promotion_gate"]

# ``fairness`` (fairlearn, scikit-learn, matplotlib) is imported inside the functions, so that
# loading the Definitions stays quick.

_GROUP = "fairness"


def _versions(warehouse: WarehouseResource) -> tuple[list[str], str | None]:
    data = warehouse.data
    newest = registry.list_versions(data)[-1:]
    active = None
    with contextlib.suppress(ModelError):
        active = registry.active_version(data)
    return sorted({*newest, *([active] if active else [])}), active


@dg.asset(
    group_name=_GROUP,
    deps=["model_training"],
    description="Fairness audit of the newest and the active model: reports and promotion gates.",
)
def fairness_audit(context, warehouse: WarehouseResource) -> dg.MaterializeResult:
    from fairness import AuditError, Sources, audit_model

    versions, _ = _versions(warehouse)
    verdicts: dict[str, str] = {}
    skipped: dict[str, str] = {}
    with warehouse.connect(read_only=True) as con:
        for version in versions:
            try:
                outcome = audit_model(warehouse.data, version, sources=Sources.warehouse(con))
            except (AuditError, ModelError) as exc:
                skipped[version] = str(exc)
                continue
            except Exception as exc:
                # an audit that crashes must not stop the publication of everything else; its
                # gate stays as it was, and promotion_gate fails if the model in use is affected
                context.log.exception(f"fairness audit of {version} failed")
                skipped[version] = f"fout: {exc!r}"
                _mark_crashed(warehouse, version)
                continue
            verdicts[version] = outcome.report.verdict
    return dg.MaterializeResult(
        metadata={"verdicts": verdicts, "overgeslagen": skipped, "versions": len(verdicts)}
    )


def _crash_marker(warehouse: WarehouseResource, version: str):
    return warehouse.data.audits / version / "audit_fout.txt"


def _mark_crashed(warehouse: WarehouseResource, version: str) -> None:
    marker = _crash_marker(warehouse, version)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("De laatste eerlijkheidsaudit is mislukt; zie de Dagster-log.\n", "utf-8")


@dg.asset_check(
    asset=fairness_audit,
    name="promotion_gate",
    blocking=True,
    description="The model in use is allowed by its fairness gate (pass, or signed-off).",
)
def promotion_gate(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    from fairness import read_gate

    versions, active = _versions(warehouse)
    gates = {v: read_gate(warehouse.data, v) for v in versions}
    summary = {v: (g or {}).get("verdict", "geen audit") for v, g in gates.items()}
    if active is None:
        return dg.AssetCheckResult(passed=True, metadata={"actief": "geen", "poorten": summary})
    allowed, reason = registry.gate_status(warehouse.data, active)
    if _crash_marker(warehouse, active).is_file():
        allowed, reason = False, "audit_mislukt"
    return dg.AssetCheckResult(
        passed=allowed, metadata={"actief": active, "reden": reason, "poorten": summary}
    )


@dg.asset(
    group_name=_GROUP,
    deps=["scores", "labels", fairness_audit],
    description="Live audit of months scored in use whose outcomes are known; alerts.",
)
def fairness_live(context, warehouse: WarehouseResource) -> dg.MaterializeResult:
    from fairness import AuditError, Sources, live_audit

    try:
        with warehouse.connect(read_only=True) as con:
            results = live_audit(warehouse.data, sources=Sources.warehouse(con))
    except AuditError as exc:
        return dg.MaterializeResult(metadata={"overgeslagen": str(exc)})
    except Exception as exc:  # as for the offline audit: never stop the publication
        context.log.exception("live fairness audit failed")
        return dg.MaterializeResult(metadata={"fout": repr(exc)})
    return dg.MaterializeResult(
        metadata={
            "live_maanden": len(results),
            "nieuwe_waarschuwingen": sum(len(r.alerts) for r in results),
            "verdicts": {f"{r.model_version} {r.month}": r.report.verdict for r in results},
        }
    )


@dg.asset_check(
    asset=fairness_live,
    name="live_fairness",
    description="No check that passed offline fails on live outcomes of the model in use.",
)
def live_fairness(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    from fairness import read_alerts

    _, active = _versions(warehouse)
    alerts = [a for a in read_alerts(warehouse.data) if a["model_version"] == active]
    return dg.AssetCheckResult(
        passed=not alerts,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "actief": active or "geen",
            "waarschuwingen": len(alerts),
            "eerste": [a["message_nl"] for a in alerts[:5]],
        },
    )
