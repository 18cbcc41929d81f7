"""Shared helpers for the signals tests: fixture folders and event builders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "deliveries"


@pytest.fixture
def good() -> Path:
    return FIXTURES / "good"


@pytest.fixture
def broken() -> Path:
    return FIXTURES / "broken"


@pytest.fixture(autouse=True)
def _dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VROEGSIGNAAL_TAAL", "nl")


def event(kind: str, kenmerk: str, zaak: str, **fields: object) -> dict:
    """A valid event of ``kind`` (short names fvo, bvo, bvi, bv, fvk) in March 2024."""
    base = {
        "gebeurteniskenmerk": kenmerk,
        "datumtijd_gebeurtenis": "2024-03-05T10:00:00+01:00",
        "zaakkenmerk": zaak,
        "bsn": "100000216",
    }
    extras: dict[str, dict[str, object]] = {
        "fvo": {
            "gebeurtenis_type": "FinancieleVerplichtingOpgelegd",
            "datumtijd_opgelegd": "2024-03-01T10:00:00+01:00",
            "primaire_verplichting": True,
            "type_financiele_verplichting": "cjib_wahv",
            "bedrag": 10_000,
        },
        "bvo": {
            "gebeurtenis_type": "BetalingsverplichtingOpgelegd",
            "type": "Aanschrijving",
            "bedrag": 10_000,
            "vervaldatum": "2024-03-20",
        },
        "bvi": {"gebeurtenis_type": "BetalingsverplichtingIngetrokken"},
        "bv": {
            "gebeurtenis_type": "BetalingVerwerkt",
            "bedrag": 2_500,
            "datum_betaling": "2024-03-04",
        },
        "fvk": {"gebeurtenis_type": "FinancieleVerplichtingKwijtgescholden", "bedrag": 1_000},
    }
    return {**base, **extras[kind], **fields}


def write_events(root: Path, bron: str, month: str, lines: list[object]) -> Path:
    """Write ``lines`` (dicts become JSON, strings are written as they are) to the contract
    place of an events delivery under ``root``."""
    path = root / "landing" / bron / f"{month}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.fixture(name="event")
def _event_fixture():
    """The :func:`event` builder (tests cannot import conftest under importlib mode)."""
    return event


@pytest.fixture(name="write_events")
def _write_events_fixture():
    """The :func:`write_events` helper."""
    return write_events
