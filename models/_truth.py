"""Reading the simulator's ground truth (simulated data only).

The simulator keys its truth by its own household number and lists each household's members by
BSN per month (``truth/households.parquet`` with ``p_label_12m``, ``truth/members.parquet``). The
pipeline's ``household_id`` is a pseudonym, so the two meet through the restricted ``identity``
table (bsn, month -> household_id). This is the only place the model layer touches identities,
and only when a ``truth/`` folder exists, which real data never has; nothing leaves this module
except a probability per pseudonymous household-month.

When the pipeline joins people that the simulator kept in separate households (or the other way
round), a pipeline household gets ``1 - prod(1 - p)`` over the simulated households it overlaps:
the chance that at least one of them sees an outcome, treating them as independent.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

__all__ = ["has_truth", "load_truth", "read_truth"]


def has_truth(truth_dir: Path) -> bool:
    return (truth_dir / "households.parquet").is_file() and (
        truth_dir / "members.parquet"
    ).is_file()


def read_truth(
    truth_dir: Path, con: duckdb.DuckDBPyConnection, *, identity_table: str
) -> pd.DataFrame | None:
    """``household_id``, ``month`` (date), ``true_prob``, joining through ``identity_table``
    (``bsn``, ``month``, ``household_id``) on ``con``; ``None`` without truth."""
    if not has_truth(truth_dir):
        return None
    frame = con.execute(
        f"""
        with sim as (
            select household, month::DATE as month, p_label_12m as p
            from read_parquet(?)
            where p_label_12m is not null and not isnan(p_label_12m)
        ),
        links as (
            select distinct m.household, m.month::DATE as month, i.household_id
            from read_parquet(?) as m
            join {identity_table} as i on i.bsn = m.bsn and i.month = m.month::DATE
        )
        select l.household_id, s.month,
               1 - exp(sum(ln(greatest(1 - s.p, 1e-12)))) as true_prob
        from sim as s
        join links as l using (household, month)
        group by l.household_id, s.month
        """,
        [str(truth_dir / "households.parquet"), str(truth_dir / "members.parquet")],
    ).df()
    frame["month"] = pd.to_datetime(frame["month"]).dt.date
    frame["true_prob"] = frame["true_prob"].clip(0.0, 1.0)
    return frame


def load_truth(truth_dir: Path, restricted: Path) -> pd.DataFrame | None:
    """:func:`read_truth` through the published ``restricted.duckdb``; ``None`` without truth
    or without the restricted store."""
    if not has_truth(truth_dir) or not restricted.is_file():
        return None
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{restricted}' AS r (READ_ONLY)")
        return read_truth(truth_dir, con, identity_table="r.identity")
    finally:
        con.close()
