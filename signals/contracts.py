"""The delivery contracts: fields, allowed values and the schema of the accepted tables.

See ``shared/docs/signal-contract.md`` (events, legacy signals, BRP extract, outcomes) and
``docs/data-model.md`` (the contact delivery). Every accepted table also carries ``source_path``
(str) and ``source_line`` (int32, 1-based line number in the delivered file).
"""

from __future__ import annotations

import pyarrow as pa

__all__ = [
    "ACCEPTED_SCHEMAS",
    "CATEGORIEEN",
    "CSV_COLUMNS",
    "DEMAND_STRENGTH",
    "EVENT_TYPES",
    "MIGRATIE_CATEGORIEEN",
    "UITKOMSTEN",
    "schema_for",
]

FVO = "FinancieleVerplichtingOpgelegd"
BVO = "BetalingsverplichtingOpgelegd"
BVI = "BetalingsverplichtingIngetrokken"
BV = "BetalingVerwerkt"
FVK = "FinancieleVerplichtingKwijtgescholden"

#: Event type -> its required extra fields (besides the common ones).
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    FVO: ("datumtijd_opgelegd", "primaire_verplichting", "type_financiele_verplichting", "bedrag"),
    BVO: ("type", "bedrag", "vervaldatum"),
    BVI: ("ingetrokken_gebeurteniskenmerk",),
    BV: ("bedrag", "datum_betaling"),
    FVK: ("bedrag",),
}
COMMON_EVENT_FIELDS = ("gebeurteniskenmerk", "datumtijd_gebeurtenis", "zaakkenmerk", "bsn")

#: Demand types by strength (Aanschrijving < Herinnering < Aanmaning).
DEMAND_STRENGTH: dict[str, int] = {"Aanschrijving": 1, "Herinnering": 2, "Aanmaning": 3}
CATEGORIEEN = ("Algemeen", "Administratiekosten", "Verhoging", "Rente")
UITKOMSTEN = ("aanmelding_schuldhulp", "wsnp", "ontruiming", "afsluiting")
MIGRATIE_CATEGORIEEN = ("nederland", "europa", "buiten_europa")

#: The header columns of each CSV delivery kind, in contract order.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "signals": (
        "bron",
        "bsn",
        "zaakkenmerk",
        "type_financiele_verplichting",
        "achterstand_cent",
        "oudste_vervaldatum",
        "peildatum",
    ),
    "brp": (
        "bsn",
        "geboortedatum",
        "geslacht",
        "adres_id",
        "wijk",
        "datum_vestiging",
        "partner_bsn",
        "ouder1_bsn",
        "ouder2_bsn",
        "migratieachtergrond",
    ),
    "uitkomsten": ("bsn", "datum", "uitkomst"),
    "contact": ("bsn", "naam", "adres", "postcode", "woonplaats", "telefoon"),
}

_TS = pa.timestamp("us", tz="UTC")
_STR = pa.string()
_DATE = pa.date32()
_I64 = pa.int64()
_SOURCE = [pa.field("source_path", _STR, nullable=False), pa.field("source_line", pa.int32())]


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(n, t) for n, t in fields] + _SOURCE)


ACCEPTED_SCHEMAS: dict[str, pa.Schema] = {
    "events": _schema(
        ("bron", _STR),
        ("gebeurteniskenmerk", _STR),
        ("gebeurtenis_type", _STR),
        ("datumtijd_gebeurtenis", _TS),
        ("zaakkenmerk", _STR),
        ("bsn", _STR),
        ("datumtijd_opgelegd", _TS),
        ("beschikkingsnummer", _STR),
        ("primaire_verplichting", pa.bool_()),
        ("type_financiele_verplichting", _STR),
        ("categorie", _STR),
        ("bedrag_cent", _I64),
        ("betaal_type", _STR),
        ("vervaldatum", _DATE),
        ("omschrijving", _STR),
        ("ingetrokken_gebeurteniskenmerk", _STR),
        ("datum_betaling", _DATE),
        ("content_hash", _STR),
    ),
    "signals": _schema(
        ("bron", _STR),
        ("bsn", _STR),
        ("zaakkenmerk", _STR),
        ("type_financiele_verplichting", _STR),
        ("achterstand_cent", _I64),
        ("oudste_vervaldatum", _DATE),
        ("peildatum", _DATE),
    ),
    "brp": _schema(
        ("bsn", _STR),
        ("geboortedatum", _DATE),
        ("geslacht", _STR),
        ("adres_id", _STR),
        ("wijk", _STR),
        ("datum_vestiging", _DATE),
        ("partner_bsn", _STR),
        ("ouder1_bsn", _STR),
        ("ouder2_bsn", _STR),
        ("migratieachtergrond", _STR),
    ),
    "uitkomsten": _schema(("bsn", _STR), ("datum", _DATE), ("uitkomst", _STR)),
    "contact": _schema(
        ("bsn", _STR),
        ("naam", _STR),
        ("adres", _STR),
        ("postcode", _STR),
        ("woonplaats", _STR),
        ("telefoon", _STR),
    ),
}


def schema_for(kind: str) -> pa.Schema:
    """The Arrow schema of the accepted table of delivery ``kind``."""
    return ACCEPTED_SCHEMAS[kind]
