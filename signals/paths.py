"""Where everything lives in the data folder.

Every command that reads or keeps state takes ``--data DIR`` (default ``./data`` or the environment
variable ``VROEGSIGNAAL_DATA``). Deliveries arrive as the signal contract lays them out; the
project's own stores sit beside them::

    DIR/landing/<bron>/<YYYY-MM>.jsonl|.csv   agency deliveries (events, legacy signals)
    DIR/brp/<YYYY-MM>.csv                      population register extracts
    DIR/uitkomsten/<YYYY-MM>.csv               outcomes
    DIR/contact/<YYYY-MM>.csv                  names and contact details (restricted)
    DIR/truth/                                 simulator ground truth (simulated data only)
    DIR/summary.json                           simulator summary (simulated data only)
    DIR/warehouse.duckdb                       the pipeline's own database (pipeline only)
    DIR/serving.duckdb                         read-only published copy for dashboards and reports
    DIR/restricted.duckdb                      identities and protected attributes (restricted)
    DIR/casework.sqlite                        casework store (embedded default)
    DIR/models/                                the model registry
    DIR/audits/                                fairness audit reports
    DIR/dagster_home/                          the Dagster instance (run history, event logs)
    DIR/secrets/pseudonym.key                  the pseudonymisation key (embedded default)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["DataDir", "DataOption", "default_data_dir"]


def default_data_dir() -> Path:
    return Path(os.environ.get("VROEGSIGNAAL_DATA", "data"))


DataOption = Annotated[
    Path,
    typer.Option(
        "--data",
        envvar="VROEGSIGNAAL_DATA",
        help="Gegevensmap (standaard ./data). / Data folder (default ./data).",
        show_default="./data",
    ),
]


@dataclass(frozen=True)
class DataDir:
    """The layout of one data folder."""

    root: Path

    @classmethod
    def from_option(cls, path: Path | None = None) -> DataDir:
        return cls(Path(path) if path is not None else default_data_dir())

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def brp(self) -> Path:
        return self.root / "brp"

    @property
    def uitkomsten(self) -> Path:
        return self.root / "uitkomsten"

    @property
    def contact(self) -> Path:
        return self.root / "contact"

    @property
    def restricted(self) -> Path:
        return self.root / "restricted.duckdb"

    @property
    def truth(self) -> Path:
        return self.root / "truth"

    @property
    def summary(self) -> Path:
        return self.root / "summary.json"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def serving(self) -> Path:
        return self.root / "serving.duckdb"

    @property
    def casework_db(self) -> Path:
        return self.root / "casework.sqlite"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def audits(self) -> Path:
        return self.root / "audits"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster_home"

    @property
    def secrets(self) -> Path:
        return self.root / "secrets"

    @property
    def pseudonym_key(self) -> Path:
        return self.secrets / "pseudonym.key"

    def has_deliveries(self) -> bool:
        return self.brp.is_dir() and any(self.brp.glob("*.csv"))
