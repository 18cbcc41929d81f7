"""A small hand-written municipality: four months of deliveries, written as the contract says.

Residents (BSN n = make_valid_bsn(n)):
- 0 Anna and 1 Bram, partners at address ADR1 since 2010 / 2012, with 2 Cas (born 2015);
- 3 Dirk lodges at ADR1 without links (his own household);
- 4 Eva lives alone at ADR2; she moves away after March (not in the April register);
- 9 is not a resident: agency records about 9 are dropped by policy.
CJIB: a fine for Anna, a reminder, a partial payment, an increase. DUO: study debt for Bram.
CAK: legacy threshold signals for Eva. One invalid line (bad BSN) in CJIB's February file.
Outcomes: Eva registers for debt help in March.
"""

from __future__ import annotations

import json
from pathlib import Path

from signals.bsn import make_valid_bsn

MONTHS = ("2024-01", "2024-02", "2024-03", "2024-04")
ADR1, ADR2 = "0363200000000001", "0363200000000002"
BSN = {n: make_valid_bsn(n) for n in range(10)}

BRP_HEADER = (
    "bsn;geboortedatum;geslacht;adres_id;wijk;datum_vestiging;partner_bsn;ouder1_bsn;ouder2_bsn;"
    "migratieachtergrond"
)


def _brp_rows(month: str) -> list[str]:
    rows = [
        f"{BSN[0]};1985-04-02;V;{ADR1};Centrum;2010-05-01;{BSN[1]};;;nederland",
        f"{BSN[1]};1983-09-12;M;{ADR1};Centrum;2012-01-01;{BSN[0]};;;europa",
        f"{BSN[2]};2015-06-30;M;{ADR1};Centrum;2015-06-30;;{BSN[0]};{BSN[1]};nederland",
        f"{BSN[3]};1990-01-01;M;{ADR1};Centrum;2020-02-01;;;;buiten_europa",
    ]
    if month != "2024-04":
        rows.append(f"{BSN[4]};1970-11-11;V;{ADR2};Noord;2001-03-01;;;;nederland")
    return rows


def _event(kenmerk: str, soort: str, at: str, bsn: str, zaak: str, **extra: object) -> str:
    body = {
        "gebeurtenis_type": soort,
        "gebeurteniskenmerk": kenmerk,
        "datumtijd_gebeurtenis": at,
        "zaakkenmerk": zaak,
        "bsn": bsn,
        **extra,
    }
    return json.dumps(body)


FVO, BVO, BV = "FinancieleVerplichtingOpgelegd", "BetalingsverplichtingOpgelegd", "BetalingVerwerkt"

CJIB = {
    "2024-01": [
        _event(
            "cjib-1",
            FVO,
            "2024-01-05T10:00:00+01:00",
            BSN[0],
            "CJ-1",
            datumtijd_opgelegd="2024-01-05T10:00:00+01:00",
            primaire_verplichting=True,
            type_financiele_verplichting="cjib_wahv",
            categorie="Algemeen",
            bedrag=24000,
        ),
        _event(
            "cjib-2",
            BVO,
            "2024-01-05T10:00:00+01:00",
            BSN[0],
            "CJ-1",
            type="Aanschrijving",
            bedrag=24000,
            vervaldatum="2024-02-05",
        ),
        _event(
            "cjib-x",
            FVO,
            "2024-01-07T10:00:00+01:00",
            BSN[9],
            "CJ-9",
            datumtijd_opgelegd="2024-01-07T10:00:00+01:00",
            primaire_verplichting=True,
            type_financiele_verplichting="cjib_wahv",
            bedrag=9000,
        ),
    ],
    "2024-02": [
        _event(
            "cjib-3",
            BV,
            "2024-02-10T09:00:00+01:00",
            BSN[0],
            "CJ-1",
            bedrag=4000,
            datum_betaling="2024-02-10",
        ),
        '{"gebeurtenis_type": "BetalingVerwerkt", "bsn": "123456789", "zaakkenmerk": "CJ-1"}',
    ],
    "2024-03": [
        _event(
            "cjib-4",
            FVO,
            "2024-03-06T10:00:00+01:00",
            BSN[0],
            "CJ-1",
            datumtijd_opgelegd="2024-03-06T10:00:00+01:00",
            primaire_verplichting=False,
            type_financiele_verplichting="cjib_wahv",
            categorie="Verhoging",
            bedrag=12000,
        ),
        _event(
            "cjib-5",
            BVO,
            "2024-03-06T10:00:00+01:00",
            BSN[0],
            "CJ-1",
            type="Herinnering",
            bedrag=12000,
            vervaldatum="2024-03-20",
        ),
    ],
    "2024-04": [
        # registered 00:30 on 1 April Amsterdam time = 22:30 UTC on 31 March: an April fact
        _event(
            "cjib-6",
            BV,
            "2024-03-31T22:30:00+00:00",
            BSN[0],
            "CJ-1",
            bedrag=1000,
            datum_betaling="2024-04-01",
        ),
    ],
}

DUO = {
    "2024-02": [
        _event(
            "duo-1",
            FVO,
            "2024-02-01T08:00:00+01:00",
            BSN[1],
            "DU-1",
            datumtijd_opgelegd="2024-02-01T08:00:00+01:00",
            primaire_verplichting=True,
            type_financiele_verplichting="duo_studieschuld",
            bedrag=50000,
        ),
        _event(
            "duo-2",
            BVO,
            "2024-02-01T08:00:00+01:00",
            BSN[1],
            "DU-1",
            type="Aanmaning",
            bedrag=30000,
            vervaldatum="2024-02-15",
        ),
    ],
}

SIGNALS_HEADER = (
    "bron;bsn;zaakkenmerk;type_financiele_verplichting;achterstand_cent;oudste_vervaldatum;"
    "peildatum"
)
CAK = {
    "2024-01": [f"cak;{BSN[4]};CA-1;cak_eigen_bijdrage_wmo;15000;2023-07-01;2024-01-31"],
    "2024-02": [
        f"cak;{BSN[4]};CA-1;cak_eigen_bijdrage_wmo;18000;2023-07-01;2024-02-29",
        f"cak;{BSN[9]};CA-9;cak_eigen_bijdrage_wmo;18000;2023-07-01;2024-02-29",
    ],
    "2024-03": [],
}

UITKOMSTEN = {"2024-03": [f"{BSN[4]};2024-03-12;aanmelding_schuldhulp"], "2024-04": []}


def write_town(root: Path, *, months: tuple[str, ...] = MONTHS) -> Path:
    """Write the deliveries of ``months`` into ``root`` (a data folder); returns ``root``."""
    for month in months:
        _write(root / "brp" / f"{month}.csv", [BRP_HEADER, *_brp_rows(month)])
        if month in CJIB:
            _write(root / "landing" / "cjib" / f"{month}.jsonl", CJIB[month])
        if month in DUO:
            _write(root / "landing" / "duo" / f"{month}.jsonl", DUO[month])
        if month in CAK:
            _write(root / "landing" / "cak" / f"{month}.csv", [SIGNALS_HEADER, *CAK[month]])
        if month in UITKOMSTEN:
            _write(root / "uitkomsten" / f"{month}.csv", ["bsn;datum;uitkomst", *UITKOMSTEN[month]])
    return root


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
