"""Casework intake as the last step of a run: the month's top-k households become case proposals.

Intake reads the *published* stores (``serving.duckdb`` for scores and explanations,
``restricted.duckdb`` for identities), so it runs after ``publish``. It is idempotent: a re-run
creates nothing twice and updates a household's open case instead of opening a second one.
"""

import dagster as dg

from casework import CaseworkError, User, open_store
from pipelines.resources import WarehouseResource

__all__ = ["casework_intake"]

_NOTHING_TO_TAKE_IN = frozenset({"error.no_scores", "error.no_serving"})


@dg.asset(
    group_name="casework",
    deps=["publish"],
    description="Case proposals for the latest scored month (casework intake, idempotent).",
)
def casework_intake(warehouse: WarehouseResource) -> dg.MaterializeResult:
    data = warehouse.data
    if not data.serving.exists():
        return dg.MaterializeResult(metadata={"overgeslagen": "Nog geen serving.duckdb."})
    try:
        with open_store(data) as store:
            result = store.intake(actor=User.system("intake"))
    except CaseworkError as exc:
        # No active model yet (so no scores) is a normal state, not a failure of the run.
        if exc.key not in _NOTHING_TO_TAKE_IN:
            raise
        return dg.MaterializeResult(metadata={"overgeslagen": str(exc)})
    return dg.MaterializeResult(
        metadata={
            "maand": f"{result.month:%Y-%m}",
            "team": result.team,
            "k": result.k,
            "nieuw": len(result.created),
            "bijgewerkt": len(result.updated),
            "ongewijzigd": result.unchanged,
            "bezwaar_overgeslagen": result.skipped_objection,
            "gesloten_verhuisd": len(result.closed_moved),
        }
    )
