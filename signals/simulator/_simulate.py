"""``simulate``: run the simulated municipality and write deliveries, truth and summary."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pyarrow as pa

from signals.i18n import translate
from signals.simulator._bias import Bias, parse_bias
from signals.simulator._calendar import parse_month
from signals.simulator._calibration import calibration_report
from signals.simulator._cases import OUTCOME_KINDS
from signals.simulator._measure import calibration_values
from signals.simulator._params import PARAMS, Params
from signals.simulator._world import World

__all__ = ["SimulationError", "simulate"]

_OUTPUTS = ("landing", "brp", "uitkomsten", "contact", "truth", "summary.json", "faults.json")

_MESSAGES = {
    "residents": {
        "nl": "Het aantal inwoners moet minstens 100 zijn (gekregen: {value}).",
        "en": "The number of residents must be at least 100 (got: {value}).",
    },
    "months": {
        "nl": "Het aantal maanden moet tussen 1 en 240 liggen (gekregen: {value}).",
        "en": "The number of months must be between 1 and 240 (got: {value}).",
    },
    "start": {
        "nl": "De startmaand '{value}' is niet geldig. Gebruik JJJJ-MM, bijvoorbeeld 2023-01.",
        "en": "The start month '{value}' is not valid. Use YYYY-MM, for example 2023-01.",
    },
    "faults": {
        "nl": "Het foutpercentage moet tussen 0 en 0,5 liggen (gekregen: {value}).",
        "en": "The fault rate must be between 0 and 0.5 (got: {value}).",
    },
    "exists": {
        "nl": "De map {path} bevat al een simulatie of aanleveringen ({found}). "
        "Kies een lege map of verwijder de oude gegevens eerst.",
        "en": "The folder {path} already holds a simulation or deliveries ({found}). "
        "Choose an empty folder or remove the old data first.",
    },
}


class SimulationError(ValueError):
    """Invalid simulation options; the message is in the user's language."""


def _fail(key: str, **values: object) -> SimulationError:
    return SimulationError(translate(_MESSAGES, key, None, **values))


def simulate(
    out: Path,
    *,
    residents: int,
    months: int,
    start: str = "2023-01",
    seed: int = 42,
    bias: Sequence[str] = (),
    faults: float = 0.0,
    params: Params = PARAMS,
    truth_replicates: int = 4,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Simulate a municipality of ``residents`` people over ``months`` months from ``start``
    (``YYYY-MM``) and write the deliveries, ``truth/`` and ``summary.json`` under ``out``.

    Returns the summary (the content of ``summary.json``). Raises :class:`SimulationError` for
    invalid options (Dutch message by default) and :class:`signals.simulator.BiasError` for a
    malformed bias spec. Everything is written into a temporary folder first and moved into
    place at the end, so a failed run leaves nothing half-written.
    """
    if residents < 100:
        raise _fail("residents", value=residents)
    if not 1 <= months <= 240:
        raise _fail("months", value=months)
    try:
        first = parse_month(start)
    except ValueError:
        raise _fail("start", value=start) from None
    if not 0.0 <= faults <= 0.5:
        raise _fail("faults", value=faults)
    biases: list[Bias] = [parse_bias(s) for s in bias]
    out = Path(out)
    found = [name for name in _OUTPUTS if (out / name).exists()]
    if found:
        raise _fail("exists", path=out, found=", ".join(found))
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".simulatie-bezig"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        world = World(
            out=tmp,
            residents=residents,
            months=months,
            start=first,
            seed=seed,
            biases=biases,
            params=params,
            truth_replicates=truth_replicates,
            progress=progress,
        )
        world.run()
        _write_truth(world)
        fault_report: dict[str, object] = {"rate": faults, "count": 0, "file": None}
        if faults > 0:
            from signals.simulator._faults import inject_faults

            fault_report = inject_faults(tmp, rate=faults, seed=seed, file_lines=world.file_lines)
        summary = _summary(
            world,
            seed=seed,
            residents=residents,
            months=months,
            start=start,
            biases=biases,
            faults=fault_report,
        )
        (tmp / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        for item in sorted(tmp.iterdir()):
            item.rename(out / item.name)
        tmp.rmdir()
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def _write_truth(world: World) -> None:
    o = world.true_outcomes
    world.truth.close(
        pa.table(
            {
                "bsn": pa.array([world.bsn_str[x[0]] for x in o], type=pa.string()),
                "household": np.array([x[1] for x in o], dtype=np.int32),
                "datum": np.array([x[2] for x in o], dtype=np.int64).astype("datetime64[D]"),
                "uitkomst": pa.array([OUTCOME_KINDS[x[3]] for x in o], type=pa.string()),
                "recorded": np.array([x[4] for x in o], dtype=bool),
            }
        )
    )


def _summary(
    world: World,
    *,
    seed: int,
    residents: int,
    months: int,
    start: str,
    biases: list[Bias],
    faults: dict,
) -> dict:
    values = calibration_values(world)
    return {
        "seed": seed,
        "residents": residents,
        "months": months,
        "start": start,
        "burn_in_months": world.burn,
        "calibration": calibration_report(values),
        "bias": [b.as_dict() for b in biases],
        "faults": faults,
        "deliveries": dict(sorted(world.file_lines.items())),
        "params": asdict(world.p),
        "truth": {
            "households": "truth/households.parquet",
            "members": "truth/members.parquet",
            "outcomes": "truth/outcomes.parquet",
            "replicates": world.truth_replicates,
        },
    }
