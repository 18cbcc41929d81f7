"""The reference index of the cross-line checks against a plain dict (first value wins)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from signals._references import _HashIndex

# Few distinct keys (so batches repeat keys and collide in the table) plus extreme values.
keys = st.one_of(
    st.integers(min_value=-40, max_value=40),
    st.sampled_from([-(2**63), 2**63 - 1, 0, 1 << 40, -(1 << 40)]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
)
batches = st.lists(st.lists(st.tuples(keys, keys), max_size=60), max_size=12)


@settings(max_examples=150, deadline=None)
@given(batches, st.lists(keys, max_size=40))
def test_index_agrees_with_a_dict(batches, probes):
    index, reference = _HashIndex(bits=2), {}
    for batch in batches:
        k = np.array([a for a, _ in batch], dtype=np.int64)
        v = np.array([b for _, b in batch], dtype=np.int64)
        index.add(k, v)
        for a, b in batch:
            reference.setdefault(a, b)
        assert len(index) == len(reference)
    asked = np.array(probes + list(reference), dtype=np.int64)
    found, values = index.lookup(asked)
    for key, f, value in zip(asked.tolist(), found.tolist(), values.tolist(), strict=True):
        assert f == (key in reference)
        assert value == reference.get(key, 0)


def test_merge_keeps_the_first_value_and_grows():
    a, b = _HashIndex(bits=1), _HashIndex(bits=1)
    a.add(np.arange(1000, dtype=np.int64), np.arange(1000, dtype=np.int64))
    b.add(np.arange(500, 3000, dtype=np.int64), -np.arange(500, 3000, dtype=np.int64))
    a.merge(b)
    assert len(a) == 3000
    found, values = a.lookup(np.array([0, 999, 1000, 2999, 3000], dtype=np.int64))
    assert found.tolist() == [True, True, True, True, False]
    assert values.tolist() == [0, 999, -1000, -2999, 0]


def test_a_consumed_index_is_taken_over_and_left_empty():
    from signals._references import KnownEvents

    source, target = KnownEvents(), KnownEvents()
    source.add(
        kenmerk="k1", content_hash="00" * 16, gebeurtenis_type="x", zaakkenmerk="z", bron="b"
    )
    target.merge(source, consume=True)
    assert "k1" in target and len(source) == 0 and "k1" not in source
    copy = KnownEvents()
    copy.merge(target)
    target.add(
        kenmerk="k2", content_hash="00" * 16, gebeurtenis_type="x", zaakkenmerk="z", bron="b"
    )
    assert "k2" in target and "k2" not in copy  # a copy, not a shared table
