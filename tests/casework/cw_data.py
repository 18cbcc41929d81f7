"""Builds small ``serving.duckdb`` and ``restricted.duckdb`` files with the documented schema
(docs/data-model.md) for the casework tests, until the real pipeline publishes them."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from signals.paths import DataDir

__all__ = ["World", "build_world", "valid_bsn"]

MONTHS = (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1))


def valid_bsn(n: int) -> str:
    """A BSN that passes the eleven-test, derived from ``n``."""
    base = 100_000_00 + n * 7
    while True:
        digits = f"{base:08d}"[:8]
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return digits + str(last)
        base += 1


@dataclass
class World:
    data: DataDir
    months: tuple[date, ...]
    households: dict[str, list[str]]  # household_id -> pseudonyms
    bsn: dict[str, str]  # pseudonym -> bsn
    names: dict[str, str]  # pseudonym -> naam
    moved_out: set[str] = field(default_factory=set)  # households gone in the last month


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if not rows:
        return
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    frame = pd.DataFrame(rows, columns=cols)
    con.register("frame", frame)
    con.execute(f"INSERT INTO {table} SELECT * FROM frame")
    con.unregister("frame")


def build_world(
    root: Path,
    *,
    n_households: int = 30,
    selected: int = 5,
    seed: int = 7,
    moved_out: int = 0,
    threats: dict[str, str] | None = None,
) -> World:
    """A data folder with scores/explanations/arrears for ``MONTHS`` and identities per month.

    The top ``moved_out`` households of the first month are absent from the register (and the
    scores) in the last month, as if they moved out of the municipality.
    """
    rng = random.Random(seed)
    data = DataDir(root)
    root.mkdir(parents=True, exist_ok=True)
    households: dict[str, list[str]] = {}
    bsn: dict[str, str] = {}
    names: dict[str, str] = {}
    person = 0
    for h in range(n_households):
        members = []
        for _ in range(rng.randint(1, 3)):
            b = valid_bsn(person)
            p = hashlib.sha256(b.encode()).hexdigest()[:32]
            bsn[p], names[p] = b, f"Bewoner {person}"
            members.append(p)
            person += 1
        hh = "hh_" + hashlib.sha256(members[0].encode()).hexdigest()[:16]
        households[hh] = members
    ids = list(households)
    first_scores = {hh: rng.random() for hh in ids}
    gone = set(sorted(ids, key=lambda h: -first_scores[h])[:moved_out])

    con = duckdb.connect(str(data.serving))
    con.execute(
        "CREATE TABLE scores (household_id VARCHAR, month DATE, model_version VARCHAR, "
        "score DOUBLE, rank INTEGER, selected BOOLEAN)"
    )
    con.execute(
        "CREATE TABLE explanations (household_id VARCHAR, month DATE, model_version VARCHAR, "
        "feature VARCHAR, value DOUBLE, contribution DOUBLE, sentence_nl VARCHAR, "
        "sentence_en VARCHAR, position INTEGER)"
    )
    con.execute(
        "CREATE TABLE arrears_timeline (household_id VARCHAR, month DATE, bron VARCHAR, "
        "achterstand_cent BIGINT, saldo_cent BIGINT)"
    )
    con.execute("CREATE TABLE threats (household_id VARCHAR, month DATE, soort VARCHAR)")
    rows: dict[str, list[tuple]] = {"scores": [], "explanations": [], "arrears": [], "threats": []}
    for i, month in enumerate(MONTHS):
        present = [h for h in ids if not (h in gone and i == len(MONTHS) - 1)]
        scores = {h: first_scores[h] if i == 0 else rng.random() for h in present}
        ordered = sorted(present, key=lambda h: (-scores[h], h))
        version = f"lgbm-2025-0{i + 1}"
        for rank, hh in enumerate(ordered, start=1):
            rows["scores"].append((hh, month, version, scores[hh], rank, rank <= selected))
            for pos, (feat, nl, en) in enumerate(
                [
                    (
                        "cjib_verhogingen",
                        "Boete bij het CJIB is twee keer verhoogd",
                        "CJIB fine raised twice",
                    ),
                    (
                        "instanties_met_achterstand",
                        "Achterstand bij 3 instanties",
                        "Arrears at 3 agencies",
                    ),
                ],
                start=1,
            ):
                rows["explanations"].append(
                    (hh, month, version, feat, float(pos), 0.5 / pos, nl, en, pos)
                )
            rows["arrears"].append((hh, month, "cjib", 10_000 * rank, 20_000 * rank))
        for hh, soort in (threats or {}).items():
            rows["threats"].append((hh, month, soort))
    _insert(con, "scores", rows["scores"])
    _insert(con, "explanations", rows["explanations"])
    _insert(con, "arrears_timeline", rows["arrears"])
    _insert(con, "threats", rows["threats"])
    con.close()

    rcon = duckdb.connect(str(data.restricted))
    rcon.execute(
        "CREATE TABLE identity (pseudonym VARCHAR, bsn VARCHAR, household_id VARCHAR, "
        "month DATE, naam VARCHAR, adres VARCHAR, postcode VARCHAR, woonplaats VARCHAR, "
        "telefoon VARCHAR)"
    )
    rcon.execute(
        "CREATE TABLE household_protected (household_id VARCHAR, month DATE, geslacht VARCHAR, "
        "leeftijdsgroep VARCHAR, migratieachtergrond VARCHAR, wijk VARCHAR, huishoudtype VARCHAR)"
    )
    ident: list[tuple] = []
    prot: list[tuple] = []
    for i, month in enumerate(MONTHS):
        for n, (hh, members) in enumerate(households.items()):
            if hh in gone and i == len(MONTHS) - 1:
                continue
            for p in members:
                ident.append(
                    (
                        p,
                        bsn[p],
                        hh,
                        month,
                        names[p],
                        f"Dorpsstraat {n}",
                        "1234AB",
                        "Voorbeeldstad",
                        None if n % 4 == 0 else f"06{n:08d}",
                    )
                )
            prot.append(
                (
                    hh,
                    month,
                    "v" if n % 2 else "m",
                    "25-44",
                    "nederland" if n % 3 else "europa",
                    f"wijk{n % 2}",
                    "alleenstaand",
                )
            )
    _insert(rcon, "identity", ident)
    _insert(rcon, "household_protected", prot)
    rcon.close()
    return World(
        data=data, months=MONTHS, households=households, bsn=bsn, names=names, moved_out=gone
    )
