"""Throttling of failed logins, per username and per client address.

After ``user_limit`` failed attempts for one username (default 5), or ``address_limit`` from one
client address (default 20: an office behind one NAT address shares it), further attempts are
refused for a delay that doubles with every further failure: 30 s, 60 s, 2 min, ... up to 15
minutes. While locked, the password is not even checked (no guessing, no argon2 work). Failures
are forgotten ``window`` seconds (default 15 minutes) after the last one; a successful login
clears its username's count (not its address's: one good account must not reset a password
spray from that address).

The counts live in the server process's memory: each server process behind a load balancer
throttles on its own, and a restart forgets them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["LoginThrottle"]


@dataclass(slots=True)
class _Record:
    failures: int
    last_failure: float
    locked_until: float


class LoginThrottle:
    """Counts failed logins per username and per address; thread-safe.

    Parameters
    ----------
    user_limit, address_limit : int
        Failures after which a username, respectively an address, is locked.
    base_delay, max_delay : float
        Seconds of the first lock, and the longest lock (each further failure doubles it).
    window : float
        Seconds after the last failure at which the count is forgotten.
    max_entries : int
        Most usernames plus addresses remembered (the oldest are dropped first), so a flood of
        made-up names cannot exhaust memory.
    clock : callable
        Seconds on a monotonic clock (tests pass a fake one).
    """

    def __init__(
        self,
        *,
        user_limit: int = 5,
        address_limit: int = 20,
        base_delay: float = 30.0,
        max_delay: float = 900.0,
        window: float = 900.0,
        max_entries: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.user_limit = user_limit
        self.address_limit = address_limit
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.window = window
        self.max_entries = max_entries
        self._clock = clock
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, address: str) -> list[tuple[str, str]]:
        return [("user", username.strip().lower()), ("address", address)]

    def _limit(self, kind: str) -> int:
        return self.user_limit if kind == "user" else self.address_limit

    def _current(self, key: tuple[str, str], now: float) -> _Record | None:
        record = self._records.get(key)
        if record is not None and now - record.last_failure > self.window:
            del self._records[key]
            return None
        return record

    def wait_seconds(self, *, username: str, address: str) -> float:
        """Seconds until a login for ``username`` from ``address`` may be tried (0: now)."""
        now = self._clock()
        with self._lock:
            waits = [
                record.locked_until - now
                for key in self._keys(username, address)
                if (record := self._current(key, now)) is not None
            ]
        return max([0.0, *waits])

    def failed(self, *, username: str, address: str) -> float:
        """Count a failed attempt; returns the seconds the username or address is now locked."""
        now = self._clock()
        with self._lock:
            for key in self._keys(username, address):
                record = self._current(key, now) or _Record(0, now, 0.0)
                record.failures += 1
                record.last_failure = now
                over = record.failures - self._limit(key[0])
                if over >= 0:
                    delay = min(self.max_delay, self.base_delay * 2**over)
                    record.locked_until = now + delay
                self._records[key] = record
                self._records.move_to_end(key)
            while len(self._records) > self.max_entries:
                self._records.popitem(last=False)
        return self.wait_seconds(username=username, address=address)

    def succeeded(self, *, username: str) -> None:
        """Forget the failures of ``username`` after a correct login."""
        with self._lock:
            self._records.pop(("user", username.strip().lower()), None)
