"""Legal deadlines (Wgs): a first conversation is offered within 4 weeks of the signal, within 3
working days when the situation is threatening (an eviction or disconnection is pending).

The term starts on the day intake turned the signal into a case (``Case.signal_date``, the day the
municipality could act on it) or, for the short term, the day the threat became known
(``Case.threat_date``). It is met on the day the case first reaches ``contact_sought`` (an offer of
a conversation was made: a letter, a call or a visit). Working days are Monday to Friday, without
the Dutch public holidays below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from dateutil.easter import easter

from casework.messages import message

__all__ = [
    "DUE_SOON_DAYS",
    "STANDARD_TERM_DAYS",
    "THREAT_TERM_WORKING_DAYS",
    "Deadline",
    "DeadlineStatus",
    "add_working_days",
    "deadline_for",
    "public_holidays",
]

STANDARD_TERM_DAYS = 28  # 4 weeks, calendar days
THREAT_TERM_WORKING_DAYS = 3
DUE_SOON_DAYS = 5  # calendar days before the deadline that count as "due soon"


class DeadlineStatus(StrEnum):
    ON_TIME = "op_tijd"
    DUE_SOON = "bijna"
    OVERDUE = "te_laat"
    MET = "gehaald"
    MISSED = "gemist"
    NONE = "geen"


@cache
def public_holidays(year: int) -> frozenset[date]:
    """Dutch public holidays on which municipal offices close (Bevrijdingsdag every 5 years)."""
    e = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday it moves to Saturday the 26th
        kings_day = date(year, 4, 26)
    days = {
        date(year, 1, 1),
        e - timedelta(days=2),  # Goede Vrijdag
        e + timedelta(days=1),  # Tweede Paasdag
        kings_day,
        e + timedelta(days=39),  # Hemelvaartsdag
        e + timedelta(days=50),  # Tweede Pinksterdag
        date(year, 12, 25),
        date(year, 12, 26),
    }
    if year % 5 == 0:
        days.add(date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself does not count)."""
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


@dataclass(frozen=True)
class Deadline:
    """The date a first conversation must have been offered by, and where the case stands."""

    due: date | None
    status: DeadlineStatus
    threatening: bool

    def label(self, lang: str | None = None) -> str:
        return message(f"deadline.{self.status.value}", lang)


def deadline_for(
    *,
    signal_date: date,
    threatening: bool,
    threat_date: date | None,
    contact_offered_on: date | None,
    is_open: bool,
    today: date,
) -> Deadline:
    """The legal deadline of one case as of ``today`` (dates are Europe/Amsterdam days)."""
    due = signal_date + timedelta(days=STANDARD_TERM_DAYS)
    if threatening:
        due = min(due, add_working_days(threat_date or signal_date, THREAT_TERM_WORKING_DAYS))
    if contact_offered_on is not None:
        status = DeadlineStatus.MET if contact_offered_on <= due else DeadlineStatus.MISSED
    elif not is_open:
        status = DeadlineStatus.NONE
    elif today > due:
        status = DeadlineStatus.OVERDUE
    elif (due - today).days <= (1 if threatening else DUE_SOON_DAYS):
        status = DeadlineStatus.DUE_SOON
    else:
        status = DeadlineStatus.ON_TIME
    return Deadline(due=due, status=status, threatening=threatening)
