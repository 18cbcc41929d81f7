"""Cross-line checks of events: duplicate ids and references to cases and demands.

The line checks (:mod:`signals._parse_events`) run in any order, even in other processes; this
pass runs in file order in the main process. It keeps a compact index of what is known: 64-bit
keys in NumPy hash tables (34 to 68 bytes per event and per case) rather than Python objects, so
that validating a million events does not cost a gigabyte.

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


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads keys over the slots


class _HashIndex:
    """A set of int64 keys with one int64 value each; the first value added for a key stays.

    An open-addressing hash table with linear probing in three NumPy arrays (key, value, used),
    at most half full; every operation works on a whole batch of keys at once. 17 bytes per
    slot, so 34 to 68 bytes per key: a lookup costs one or two random reads instead of the
    twenty of a binary search, and adding a batch never moves the existing keys."""

    __slots__ = ("_bits", "_count", "_keys", "_used", "_values")

    def __init__(self, bits: int = 10) -> None:
        self._bits = bits
        self._count = 0
        self._keys = np.zeros(1 << bits, dtype=np.int64)
        self._values = np.zeros(1 << bits, dtype=np.int64)
        self._used = np.zeros(1 << bits, dtype=bool)

    def __len__(self) -> int:
        return self._count

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return (keys.view(np.uint64) * _GOLDEN >> np.uint64(64 - self._bits)).astype(np.intp)

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found mask, values; 0 where not found) for ``keys``."""
        keys = np.ascontiguousarray(keys, dtype=np.int64)
        found = np.zeros(len(keys), dtype=bool)
        values = np.zeros(len(keys), dtype=np.int64)
        todo = np.arange(len(keys))
        slots = self._home(keys)
        mask = (1 << self._bits) - 1
        while len(todo):
            used = self._used[slots]
            hit = used & (self._keys[slots] == keys[todo])
            found[todo[hit]] = True
            values[todo[hit]] = self._values[slots[hit]]
            probe = used & ~hit  # an occupied slot with another key: try the next one
            todo, slots = todo[probe], (slots[probe] + 1) & mask
        return found, values

    def add(self, keys: np.ndarray, values: np.ndarray) -> None:
        if not len(keys):
            return
        keys, first = np.unique(np.asarray(keys, dtype=np.int64), return_index=True)
        values = np.asarray(values, dtype=np.int64)[first]  # first occurrence wins
        while 2 * (self._count + len(keys)) > (1 << self._bits):
            self._grow()
        self._insert(keys, values)

    def _insert(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Insert distinct ``keys``; a key already present keeps its value."""
        mask = (1 << self._bits) - 1
        todo = np.arange(len(keys))
        slots = self._home(keys)
        while len(todo):
            mine = keys[todo]
            used = self._used[slots]
            here = used & (self._keys[slots] == mine)  # present: keep the old value
            free = ~used
            # Several keys may reach the same free slot: write them all, the last write stays.
            self._keys[slots[free]] = mine[free]
            self._used[slots[free]] = True
            won = free & (self._keys[slots] == mine)
            self._values[slots[won]] = values[todo[won]]
            self._count += int(won.sum())
            left = ~(here | won)  # occupied by another key, or lost the race: probe on
            todo, slots = todo[left], (slots[left] + 1) & mask

    def _grow(self) -> None:
        keys, values = self._keys[self._used], self._values[self._used]
        self._bits += 1
        self._keys = np.zeros(1 << self._bits, dtype=np.int64)
        self._values = np.zeros(1 << self._bits, dtype=np.int64)
        self._used = np.zeros(1 << self._bits, dtype=bool)
        self._count = 0
        self._insert(keys, values)

    def items(self) -> tuple[np.ndarray, np.ndarray]:
        return self._keys[self._used], self._values[self._used]

    def merge(self, other: _HashIndex, *, consume: bool = False) -> None:
        """Add ``other``'s keys; ``consume``: ``other`` is not used afterwards, so when this
        index is empty it takes over ``other``'s table instead of copying it."""
        if not self._count:  # the common case (a first file): the table as it is
            self._bits, self._count = other._bits, other._count
            self._keys, self._values, self._used = (
                (other._keys, other._values, other._used)
                if consume
                else (other._keys.copy(), other._values.copy(), other._used.copy())
            )
            return
        self.add(*other.items())


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

    def merge(self, other: KnownEvents, *, consume: bool = False) -> None:
        """Add everything ``other`` knows (used when a file is accepted). ``consume``: ``other``
        is discarded afterwards, so its tables may be taken over rather than copied."""
        self._events.merge(other._events, consume=consume)
        self._zaken.merge(other._zaken, consume=consume)
        if consume:
            other._events, other._zaken = _HashIndex(), _HashIndex()

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
