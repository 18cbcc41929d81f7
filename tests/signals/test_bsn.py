from hypothesis import given
from hypothesis import strategies as st

from signals.bsn import BSN_SEQUENCE_SIZE, is_valid_bsn, make_valid_bsn, normalise_bsn

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
sequence_index = st.integers(min_value=0, max_value=BSN_SEQUENCE_SIZE - 1)


def test_known_examples():
    assert is_valid_bsn("111222333")
    assert is_valid_bsn("123456782")
    assert not is_valid_bsn("123456789")
    assert not is_valid_bsn("000000000")  # sum 0
    assert is_valid_bsn(" 12345672 ")  # 8 digits: left-padded to 012345672
    assert normalise_bsn("12345672") == "012345672"
    assert normalise_bsn("1234567") is None
    assert normalise_bsn("12345678a") is None
    assert normalise_bsn("１２３４５６７８２") is None  # full-width digits are not ASCII digits


@given(nine_digits)
def test_eleven_test_matches_the_contract_formula(value):
    total = sum(w * int(d) for w, d in zip(WEIGHTS, value, strict=True))
    assert is_valid_bsn(value) == (total % 11 == 0 and total != 0)


@given(sequence_index, st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_a_single_changed_digit_is_always_detected(n, position, delta):
    bsn = make_valid_bsn(n)
    digit = (int(bsn[position]) + delta) % 10
    changed = bsn[:position] + str(digit) + bsn[position + 1 :]
    assert not is_valid_bsn(changed)


@given(sequence_index)
def test_generated_bsns_are_valid_and_increasing(n):
    bsn = make_valid_bsn(n)
    assert len(bsn) == 9 and is_valid_bsn(bsn)
    if n + 1 < BSN_SEQUENCE_SIZE:
        assert make_valid_bsn(n + 1) > bsn


def test_generated_bsns_are_distinct_and_deterministic():
    first = [make_valid_bsn(n) for n in range(5000)]
    assert len(set(first)) == 5000
    assert first == [make_valid_bsn(n) for n in range(5000)]


@given(nine_digits.filter(lambda v: v.startswith("0")))
def test_dropping_a_leading_zero_does_not_change_validity(value):
    assert is_valid_bsn(value[1:]) == is_valid_bsn(value)


@given(st.one_of(nine_digits, st.text(alphabet="0123456789 a", max_size=11)))
def test_valid_bsn_agrees_with_bsn_problem(value):
    from signals.bsn import bsn_problem, valid_bsn

    assert (valid_bsn(value) is None) == (bsn_problem(value) is not None)
    if valid_bsn(value) is not None:
        assert valid_bsn(value) == normalise_bsn(value)
