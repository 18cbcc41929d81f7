"""The burgerservicenummer (BSN): normalisation and the eleven-test of the signal contract.

A BSN is 9 digits ``d1..d9`` with ``9*d1 + 8*d2 + ... + 2*d8 - 1*d9`` divisible by 11 and not 0.
Older systems drop a leading zero, so an 8-digit value is left-padded before the test.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = [
    "BSN_SEQUENCE_SIZE",
    "bsn_problem",
    "is_valid_bsn",
    "make_valid_bsn",
    "normalise_bsn",
    "valid_bsn",
]

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_DIGITS = frozenset("0123456789")

#: First 7-digit block used by :func:`make_valid_bsn`: from here on the weighted sum of the first
#: eight digits is at least 11, so the eleven-test sum is never 0.
_FIRST_BLOCK = 1_000_001
#: How many distinct BSNs :func:`make_valid_bsn` can produce (9 per 7-digit block).
BSN_SEQUENCE_SIZE = (10_000_000 - _FIRST_BLOCK) * 9


def normalise_bsn(value: str) -> str | None:
    """The 9-digit form of ``value`` (surrounding spaces stripped, an 8-digit value left-padded
    with ``0``), or ``None`` when it is not 8 or 9 ASCII digits. The eleven-test is not applied."""
    v = value.strip()
    n = len(v)
    if n == 9 or n == 8:
        if not _DIGITS.issuperset(v):
            return None
        return v if n == 9 else "0" + v
    return None


def _weighted_sum(digits: str) -> int:
    """``9*d1 + 8*d2 + ... + 2*d8 - 1*d9`` of 9 ASCII digits (unrolled: this runs per person)."""
    b = digits.encode("ascii")
    # sum(w * (b[i] - 48)) = sum(w * b[i]) - 48 * sum(w), and sum(_WEIGHTS) = 43
    return (
        9 * b[0]
        + 8 * b[1]
        + 7 * b[2]
        + 6 * b[3]
        + 5 * b[4]
        + 4 * b[5]
        + 3 * b[6]
        + 2 * b[7]
        - b[8]
        - 2064
    )


@lru_cache(maxsize=1 << 16)
def bsn_problem(value: str) -> str | None:
    """Why ``value`` is not a valid BSN (``"length"``, ``"zeros"`` or ``"eleven_test"``), or
    ``None`` when it is valid.

    Cached: a delivery repeats the same people many times."""
    bsn = normalise_bsn(value)
    if bsn is None:
        return "length"
    s = _weighted_sum(bsn)
    if s == 0:
        return "zeros"
    if s % 11:
        return "eleven_test"
    return None


def valid_bsn(value: str) -> str | None:
    """The 9-digit form of ``value`` when it is a valid BSN, else ``None``; the same verdict as
    :func:`bsn_problem` (``None`` exactly when that is ``None``), uncached."""
    bsn = normalise_bsn(value)
    if bsn is None:
        return None
    s = _weighted_sum(bsn)
    return bsn if s and not s % 11 else None


def is_valid_bsn(value: str) -> bool:
    """Whether ``value`` (after :func:`normalise_bsn`) passes the eleven-test (sum not 0)."""
    return bsn_problem(value) is None


def make_valid_bsn(n: int) -> str:
    """The ``n``-th BSN (``n`` from 0) of a fixed, strictly increasing sequence of valid BSNs.

    Deterministic and O(1): BSN ``n`` lies in the 7-digit block ``1_000_000 + n // 9``; in each
    block the 8th digit is chosen among the values that admit a check digit (at least 9 of the 10
    do, because ``2*d8 mod 11`` takes 10 distinct values) and the check digit follows. The first
    is ``"100000101"``; ``n`` must be below :data:`BSN_SEQUENCE_SIZE` (81 million)."""
    if not 0 <= n < BSN_SEQUENCE_SIZE:
        raise ValueError(f"n must be in [0, {BSN_SEQUENCE_SIZE}), got {n}")
    block, j = divmod(n, 9)
    prefix7 = str(_FIRST_BLOCK + block)
    base = sum(w * (ord(c) - 48) for w, c in zip(_WEIGHTS[:7], prefix7, strict=True))
    seen = 0
    for d8 in range(10):
        check = (base + 2 * d8) % 11  # 9*d1+..+2*d8 - d9 ≡ 0  <=>  d9 ≡ sum mod 11
        if check == 10:
            continue
        if seen == j:
            return f"{prefix7}{d8}{check}"
        seen += 1
    raise AssertionError("unreachable: every block has at least 9 valid BSNs")
