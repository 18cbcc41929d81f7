from datetime import date

import pytest

from models.features import month_add
from models.messages import ModelError
from models.splits import production_split, temporal_splits

START = date(2022, 1, 1)


def months(n):
    return [month_add(START, i) for i in range(n)]


def test_training_label_windows_end_before_the_test_month():
    splits = temporal_splits(months(24), test_months=4)
    assert [s.test_as_of for s in splits] == months(24)[-4:]
    for split in splits:
        used = (*split.train_as_of, *split.calibration_as_of)
        # every training label window (M+1 .. M+12) ends strictly before the test as-of month
        assert all(month_add(m, 12) < split.test_as_of for m in used)
        assert split.label_known_by < split.test_as_of
        # the calibration fold is later than every training month (temporal, not random)
        assert max(split.train_as_of) < min(split.calibration_as_of)
        assert len(split.calibration_as_of) == 2


def test_test_months_roll_forward_and_training_grows():
    splits = temporal_splits(months(24), test_months=3)
    assert [len(s.train_as_of) for s in splits] == [7, 8, 9]
    assert splits[0].train_as_of[0] == START


def test_too_few_months_is_a_clear_error():
    with pytest.raises(ModelError) as err:
        temporal_splits(months(10))
    assert "Te weinig maanden" in str(err.value)
    assert "Too few months" in err.value.text("en")


def test_production_split_uses_every_known_month():
    split = production_split(months(12))
    assert split.test_as_of is None
    assert split.train_as_of == tuple(months(10))
    assert split.calibration_as_of == tuple(months(12)[-2:])
