"""Invented names, streets and phone numbers for the contact delivery.

Every name is a random combination of common first names and surnames; no real person is meant.
The town, its streets and its postcodes are made up.
"""

from __future__ import annotations

import numpy as np

__all__ = ["WOONPLAATS", "address_parts", "full_names", "phones"]

WOONPLAATS = "Eikendaal"

_FIRST = {
    0: (  # men
        "Jan",
        "Pieter",
        "Kees",
        "Daan",
        "Sem",
        "Lucas",
        "Bram",
        "Thijs",
        "Ruben",
        "Henk",
        "Gerrit",
        "Willem",
        "Mohamed",
        "Ahmed",
        "Mehmet",
        "Emre",
        "Youssef",
        "Rachid",
        "Tomasz",
        "Piotr",
        "Ricardo",
        "Ravi",
        "Anand",
        "Jeroen",
        "Sander",
        "Joost",
        "Bas",
        "Stijn",
    ),
    1: (  # women
        "Anna",
        "Sanne",
        "Emma",
        "Julia",
        "Fleur",
        "Lotte",
        "Anouk",
        "Marieke",
        "Ingrid",
        "Els",
        "Fatima",
        "Khadija",
        "Ayşe",
        "Elif",
        "Zeynep",
        "Naima",
        "Agnieszka",
        "Katarzyna",
        "Priya",
        "Chantal",
        "Daniëlle",
        "Renée",
        "Iris",
        "Noor",
        "Sophie",
        "Mila",
        "Yara",
        "Hanneke",
    ),
    2: ("Alex", "Robin", "Sam", "Kim", "Charlie", "Noa", "Jip", "Sasha"),
}
_SURNAMES = (
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "El Amrani",
    "Bouzid",
    "Benali",
    "Ait Taleb",
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Ramdin",
    "Sewnath",
    "Bhagwandin",
    "Pinas",
    "Kromodikoro",
    "Müller",
    "Schäfer",
    "Ó Briain",
    "Nguyen",
    "Tran",
)
_STREETS = (
    "Kerkstraat",
    "Molenweg",
    "Dorpsstraat",
    "Meeuwenlaan",
    "Spreeuwstraat",
    "Merelhof",
    "Rozenstraat",
    "Tulpenlaan",
    "Anjerpad",
    "Akkerweg",
    "Esdoornlaan",
    "Populierenhof",
    "Parklaan",
    "Vijverstraat",
    "Havenkade",
    "Schippersgracht",
    "Veldzicht",
    "Buitenhof",
    "Kastanjelaan",
    "Beukenstraat",
    "Zuiderdiep",
    "Noorderplein",
    "Oosterkade",
    "Westeinde",
)


def _pick(options: tuple[str, ...], seeds: np.ndarray, salt: int) -> list[str]:
    idx = ((seeds >> salt) % len(options)).astype(np.int64)
    return [options[i] for i in idx]


def full_names(seeds: np.ndarray, sex: np.ndarray) -> list[str]:
    """One invented full name per person, stable for the person's ``name_seed``."""
    out = []
    surnames = _pick(_SURNAMES, seeds, 3)
    for s, sx, last in zip(seeds.tolist(), sex.tolist(), surnames, strict=True):
        firsts = _FIRST[int(sx)]
        out.append(f"{firsts[(s >> 17) % len(firsts)]} {last}")
    return out


def address_parts(addr: np.ndarray, wijk: np.ndarray) -> tuple[list[str], list[str]]:
    """Street address and postcode (``1234 AB``) of each address number."""
    a = addr.astype(np.int64)
    w = wijk.astype(np.int64)
    street_idx = (w * 3 + (a * 7) % 3) % len(_STREETS)
    number = (a * 37) % 180 + 1
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    pc_num = 8510 + w * 10 + (a % 7)
    pc_a = (a // 7) % len(letters)
    pc_b = (a // 151) % len(letters)
    streets = [
        f"{_STREETS[s]} {n}" for s, n in zip(street_idx.tolist(), number.tolist(), strict=True)
    ]
    postcodes = [
        f"{n} {letters[x]}{letters[y]}"
        for n, x, y in zip(pc_num.tolist(), pc_a.tolist(), pc_b.tolist(), strict=True)
    ]
    return streets, postcodes


def phones(seeds: np.ndarray) -> list[str]:
    """A made-up mobile number, or empty (about one in five has none on file)."""
    s = seeds.astype(np.int64)
    nums = (s >> 11) % 100_000_000
    return [
        "" if (x >> 5) % 5 == 0 else f"06{n:08d}"
        for x, n in zip(s.tolist(), nums.tolist(), strict=True)
    ]
