"""Legal deadlines: 4 weeks, or 3 working days when threatening; Dutch public holidays."""

from __future__ import annotations

from datetime import date

from casework.deadlines import (
    DeadlineStatus,
    add_working_days,
    deadline_for,
    public_holidays,
)


def test_working_days_skip_weekends_and_holidays() -> None:
    assert add_working_days(date(2025, 1, 3), 1) == date(2025, 1, 6)  # Friday -> Monday
    # Goede Vrijdag 18 April and Tweede Paasdag 21 April 2025
    assert add_working_days(date(2025, 4, 17), 1) == date(2025, 4, 22)
    assert add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)
    assert date(2025, 4, 26) in public_holidays(2025)  # Koningsdag moves off Sunday 27 April
    assert date(2025, 5, 5) in public_holidays(2025) and date(2026, 5, 5) not in public_holidays(
        2026
    )
    assert date(2025, 5, 29) in public_holidays(2025)  # Hemelvaart
    assert date(2025, 6, 9) in public_holidays(2025)  # Tweede Pinksterdag


def _d(**kw):  # type: ignore[no-untyped-def]
    base = dict(
        signal_date=date(2025, 3, 3),
        threatening=False,
        threat_date=None,
        contact_offered_on=None,
        is_open=True,
        today=date(2025, 3, 4),
    )
    base.update(kw)
    return deadline_for(**base)


def test_standard_term_is_four_weeks() -> None:
    assert _d().due == date(2025, 3, 31)
    assert _d().status == DeadlineStatus.ON_TIME
    assert _d(today=date(2025, 3, 28)).status == DeadlineStatus.DUE_SOON
    assert _d(today=date(2025, 4, 1)).status == DeadlineStatus.OVERDUE
    assert _d(contact_offered_on=date(2025, 3, 20)).status == DeadlineStatus.MET
    assert _d(contact_offered_on=date(2025, 4, 2)).status == DeadlineStatus.MISSED
    assert _d(is_open=False).status == DeadlineStatus.NONE


def test_threatening_term_is_three_working_days() -> None:
    d = _d(threatening=True, threat_date=date(2025, 3, 6))  # Thursday
    assert d.due == date(2025, 3, 11)  # Fri, Mon, Tue
    assert _d(threatening=True, threat_date=date(2025, 3, 6), today=date(2025, 3, 12)).status == (
        DeadlineStatus.OVERDUE
    )
    assert d.label() == "Op tijd" and d.label("en") == "On time"
