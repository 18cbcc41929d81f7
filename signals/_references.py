"""Cross-line checks of events: duplicate ids and references to cases and demands.

The line checks (:mod:`signals._parse_events`) run in any order, even in other processes; this
pass runs in file order in the main process. It keeps a compact index of what is known: 64-bit
keys in sorted NumPy arrays (16 bytes per event, 8 per case) rather than Python objects, so that
validating a million events does not cost a gigabyte.

Keys are Python's ``hash()`` of the strings, so an index lives only inside one process; the
content of an event is identified by the first 64 bits of its stable BLAKE2b content hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from signals.contracts import BVO, FVO

__all__ = ["Candidates", "KnownEvents", "Settled", "settle"]

_KIND_FVO, _KIND_BVO, _KIND_BVI = 0, 1, 2
_NOT_DEMAND = np.int64(~1)


class _HashIndex:
    """A set of int64 keys with one int64 value each; the first value added for a key stays."""

    __slots__ = ("_keys", "_pending_keys", "_pending_values", "_values")

    def __init__(self) -> None:
        self._keys = np.empty(0, dtype=np.int64)
        self._values = np.empty(0, dtype=np.int64)
        self._pending_keys: list[np.ndarray] = []
        self._pending_values: list[np.ndarray] = []

    def __len__(self) -> int:
        self._flush()
        return len(self._keys)

    def add(self, keys: np.ndarray, values: np.ndarray) -> None:
        if len(keys):
            self._pending_keys.append(np.asarray(keys, dtype=np.int64))
            self._pending_values.append(np.asarray(values, dtype=np.int64))

    def _flush(self) -> None:
        if not self._pending_keys:
            return
        keys = np.concatenate(self._pending_keys)
        values = np.concatenate(self._pending_values)
        self._pending_keys.clear()
        self._pending_values.clear()
        # First occurrence wins, among the new keys and against the existing ones.
        keys, first = np.unique(keys, return_index=True)
        values = values[first]
        if len(self._keys):
            fresh = ~_member(self._keys, keys)
            keys, values = keys[fresh], values[fresh]
        at = np.searchsorted(self._keys, keys)
        self._keys = np.insert(self._keys, at, keys)
        self._values = np.insert(self._values, at, values)

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found mask, values; 0 where not found) for ``keys``."""
        self._flush()
        if not len(self._keys):
            return np.zeros(len(keys), dtype=bool), np.zeros(len(keys), dtype=np.int64)
        at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        found = self._keys[at] == keys
        return found, np.where(found, self._values[at], 0)

    def merge(self, other: _HashIndex) -> None:
        other._flush()
        self.add(other._keys, other._values)


def _member(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def _content_key(content_hash: str) -> int:
    """The first 64 bits of a hex content hash, as the signed integer the index stores."""
    return int.from_bytes(bytes.fromhex(content_hash[:16]), "little", signed=True)


def _hashes(values: Iterable[object]) -> np.ndarray:
    return np.fromiter((hash(v) for v in values), dtype=np.int64)


class KnownEvents:
    """The events known so far, across files and months: which ``gebeurteniskenmerk`` exists with
    which content, which of them are demands (BetalingsverplichtingOpgelegd), and which
    ``(bron, zaakkenmerk)`` cases were opened by a FinancieleVerplichtingOpgelegd.

    The pipeline fills it from its warehouse; :func:`signals.validate.validate_file` adds each
    file's accepted events when the file is done (never those of a file that is refused whole)."""

    def __init__(self) -> None:
        self._events = _HashIndex()  # hash(kenmerk) -> content key with bit 0 = is demand
        self._zaken = _HashIndex()  # hash((bron, zaakkenmerk)) -> 0

    def add(
        self, *, kenmerk: str, content_hash: str, gebeurtenis_type: str, zaakkenmerk: str, bron: str
    ) -> None:
        """Remember one event (its ``content_hash`` as in the accepted table)."""
        self.add_many(
            kenmerken=[kenmerk],
            content_hashes=[content_hash],
            gebeurtenis_types=[gebeurtenis_type],
            zaakkenmerken=[zaakkenmerk],
            bronnen=[bron],
        )

    def add_many(
        self,
        *,
        kenmerken: Sequence[str],
        content_hashes: Sequence[str],
        gebeurtenis_types: Sequence[str],
        zaakkenmerken: Sequence[str],
        bronnen: Sequence[str],
    ) -> None:
        """Remember many events at once (parallel sequences)."""
        is_demand = np.fromiter((t == BVO for t in gebeurtenis_types), dtype=bool)
        content = np.fromiter((_content_key(c) for c in content_hashes), dtype=np.int64)
        self._events.add(_hashes(kenmerken), (content & _NOT_DEMAND) | is_demand)
        opened = [
            (b, z)
            for t, b, z in zip(gebeurtenis_types, bronnen, zaakkenmerken, strict=True)
            if t == FVO
        ]
        self._zaken.add(_hashes(opened), np.zeros(len(opened), dtype=np.int64))

    def add_table(self, table: pa.Table) -> None:
        """Remember the events of an accepted-events table (or any table with its columns)."""
        cols = table.select(
            ["gebeurteniskenmerk", "content_hash", "gebeurtenis_type", "zaakkenmerk", "bron"]
        ).to_pydict()
        self.add_many(
            kenmerken=cols["gebeurteniskenmerk"],
            content_hashes=cols["content_hash"],
            gebeurtenis_types=cols["gebeurtenis_type"],
            zaakkenmerken=cols["zaakkenmerk"],
            bronnen=cols["bron"],
        )

    def merge(self, other: KnownEvents) -> None:
        """Add everything ``other`` knows (used when a file is accepted)."""
        self._events.merge(other._events)
        self._zaken.merge(other._zaken)

    def __len__(self) -> int:
        return len(self._events)

    def __contains__(self, kenmerk: object) -> bool:
        return bool(self._events.lookup(_hashes([kenmerk]))[0][0])

    def is_demand(self, kenmerk: str) -> bool:
        """Whether ``kenmerk`` is a known BetalingsverplichtingOpgelegd."""
        found, value = self._events.lookup(_hashes([kenmerk]))
        return bool(found[0] and value[0] & 1)

    def is_opened(self, *, bron: str, zaakkenmerk: str) -> bool:
        """Whether the case was opened by a known FinancieleVerplichtingOpgelegd of ``bron``."""
        return bool(self._zaken.lookup(_hashes([(bron, zaakkenmerk)]))[0][0])

    def _lookup_events(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._events.lookup(keys)

    def _lookup_zaken(self, keys: np.ndarray) -> np.ndarray:
        return self._zaken.lookup(keys)[0]


@dataclass
class Candidates:
    """Events that passed their line checks, in file order (parallel arrays)."""

    kinds: np.ndarray  # int8: 0 FVO, 1 BVO, 2 BVI, 3 BV, 4 FVK
    keys: np.ndarray  # int64 hash(kenmerk)
    zaken: np.ndarray  # int64 hash((bron, zaakkenmerk))
    refs: np.ndarray  # int64 hash(ingetrokken kenmerk), 0 when none
    content: np.ndarray  # int64 first 64 bits of the content hash

    @classmethod
    def from_matrix(cls, m: np.ndarray) -> Candidates:
        """From the ``candidates`` matrix of :class:`signals._parse_events.EventChunk`."""
        return cls(
            kinds=m[:, 1].astype(np.int8),
            keys=m[:, 2].copy(),
            zaken=m[:, 3].copy(),
            refs=m[:, 4].copy(),
            content=m[:, 5].copy(),
        )

    def take(self, index: np.ndarray) -> Candidates:
        return Candidates(
            self.kinds[index],
            self.keys[index],
            self.zaken[index],
            self.refs[index],
            self.content[index],
        )

    @staticmethod
    def concat(parts: Sequence[Candidates]) -> Candidates:
        return Candidates(
            *(
                np.concatenate([getattr(p, f) for p in parts])
                for f in ("kinds", "keys", "zaken", "refs", "content")
            )
        )

    def __len__(self) -> int:
        return len(self.kinds)


@dataclass
class Settled:
    """The outcome per candidate: exactly one of the three masks is true."""

    accepted: np.ndarray
    duplicate: np.ndarray  # same kenmerk, other content than the first accepted
    pending: np.ndarray  # refers to a case or demand not (yet) known


def settle(cands: Candidates, *, known: KnownEvents | None, file_known: KnownEvents) -> Settled:
    """Settle ``cands`` against what is known and add the accepted ones to ``file_known``.

    - A kenmerk known with other content, or seen earlier among ``cands`` with other content, is
      a duplicate (the first stays). The same kenmerk with the same content is accepted again.
    - Every event but FinancieleVerplichtingOpgelegd needs its (bron, zaakkenmerk) opened by an
      accepted FinancieleVerplichtingOpgelegd; a withdrawal also needs its withdrawn event to be an
      accepted demand. Lines that miss a reference are pending: the caller retries them when the
      file is done and rejects what is still missing (VERWIJZING_ONBEKEND).
    """
    kinds, keys, content = cands.kinds, cands.keys, cands.content & _NOT_DEMAND
    stores = [file_known] if known is None else [known, file_known]
    found = np.zeros(len(cands), dtype=bool)
    stored = np.zeros(len(cands), dtype=np.int64)
    for store in stores:
        f, v = store._lookup_events(keys)
        take = f & ~found
        stored[take] = v[take]
        found |= f
    duplicate = found & ((stored & _NOT_DEMAND) != content)
    # Within this batch: compare with the first occurrence of the same kenmerk.
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    duplicate |= ~found & (content != content[first][inverse])
    ok = ~duplicate

    opened = np.zeros(len(cands), dtype=bool)
    for store in stores:
        opened |= store._lookup_zaken(cands.zaken)
    opened |= np.isin(cands.zaken, cands.zaken[ok & (kinds == _KIND_FVO)])
    resolved = ok & ((kinds == _KIND_FVO) | opened)

    withdrawals = kinds == _KIND_BVI
    if withdrawals.any():
        is_demand = np.zeros(len(cands), dtype=bool)
        for store in stores:
            f, v = store._lookup_events(cands.refs)
            is_demand |= f & (v & 1).astype(bool)
        is_demand |= np.isin(cands.refs, keys[resolved & (kinds == _KIND_BVO)])
        resolved &= ~withdrawals | is_demand

    new = resolved & ~found
    file_known._events.add(keys[new], content[new] | (kinds[new] == _KIND_BVO))
    fvo = resolved & (kinds == _KIND_FVO)
    file_known._zaken.add(cands.zaken[fvo], np.zeros(int(fvo.sum()), dtype=np.int64))
    return Settled(accepted=resolved, duplicate=duplicate, pending=ok & ~resolved)
