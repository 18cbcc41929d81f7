"""Temporal validation in the vocabulary of dssg/triage.

An *as-of month* ``M`` is a moment: features use only facts known by the end of month ``M``. Its
label looks ``label_timespan`` months ahead (months ``M+1 .. M+label_timespan``), so the label of
``M`` is fully known only after month ``M + label_timespan`` has been delivered.

A split tests on one as-of month ``T``. It trains and calibrates only on as-of months whose label
windows ended *before* ``T`` began (``M + label_timespan < T``): at ``T`` a real team would have
had exactly those labels. The latest ``calibration_months`` of them form the temporal calibration
fold; the rest train. Test months roll forward one month at a time. There are no random splits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from models.features import month_add
from models.messages import ModelError

__all__ = ["Split", "production_split", "temporal_splits"]


@dataclass(frozen=True)
class Split:
    """One temporal split. Months are first-of-month dates."""

    train_as_of: tuple[date, ...]
    calibration_as_of: tuple[date, ...]
    test_as_of: date | None
    label_timespan: int

    @property
    def label_known_by(self) -> date:
        """The last month whose outcomes this split may use (the end of the last label window)."""
        last = max((*self.train_as_of, *self.calibration_as_of))
        return month_add(last, self.label_timespan)

    def check(self) -> None:
        """Raise ``AssertionError`` if any training or calibration label window reaches the test."""
        if self.test_as_of is None:
            return
        assert not set(self.train_as_of) & set(self.calibration_as_of)
        assert max(self.train_as_of) < min(self.calibration_as_of)
        assert self.label_known_by < self.test_as_of


def _window(
    candidates: Sequence[date], *, cutoff: date, calibration_months: int, min_train_months: int
) -> tuple[tuple[date, ...], tuple[date, ...]] | None:
    usable = sorted(m for m in candidates if m <= cutoff)
    if len(usable) < min_train_months + calibration_months:
        return None
    return tuple(usable[: len(usable) - calibration_months]), tuple(
        usable[len(usable) - calibration_months :]
    )


def temporal_splits(
    labelled_months: Sequence[date],
    *,
    label_timespan: int = 12,
    test_months: int = 6,
    calibration_months: int = 2,
    min_train_months: int = 3,
) -> list[Split]:
    """Rolling test splits over the months whose labels are known.

    Parameters
    ----------
    labelled_months
        As-of months with features and a fully known label (``label_known``).
    test_months
        How many test as-of months to use, the latest ones that still leave at least
        ``min_train_months + calibration_months`` earlier months with labels known in time.

    Returns the splits ordered by test month (oldest first). Raises ``ModelError`` when the data
    cannot support a single honest split.
    """
    months = sorted(set(labelled_months))
    splits: list[Split] = []
    for test in reversed(months):
        cutoff = month_add(test, -label_timespan - 1)
        window = _window(
            months,
            cutoff=cutoff,
            calibration_months=calibration_months,
            min_train_months=min_train_months,
        )
        if window is None:
            break
        splits.append(Split(window[0], window[1], test, label_timespan))
        if len(splits) == test_months:
            break
    if not splits:
        raise ModelError(
            "te_weinig_maanden",
            needed=min_train_months + calibration_months + label_timespan + 1,
            have=len(months),
        )
    for split in splits:
        split.check()
    return sorted(splits, key=lambda s: s.test_as_of or date.min)


def production_split(
    labelled_months: Sequence[date],
    *,
    label_timespan: int = 12,
    calibration_months: int = 2,
    min_train_months: int = 3,
) -> Split:
    """The split for the model that will be used: every month with a known label, the latest
    ``calibration_months`` of them calibrating. It has no test month (its test is the future)."""
    months = sorted(set(labelled_months))
    if not months:
        raise ModelError("te_weinig_maanden", needed=min_train_months + calibration_months, have=0)
    window = _window(
        months,
        cutoff=months[-1],
        calibration_months=calibration_months,
        min_train_months=min_train_months,
    )
    if window is None:
        raise ModelError(
            "te_weinig_maanden", needed=min_train_months + calibration_months, have=len(months)
        )
    return Split(window[0], window[1], None, label_timespan)
