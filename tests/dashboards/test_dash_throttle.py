"""Failed logins are throttled per username and per client address.

The rules are checked on :class:`LoginThrottle` with a fake clock; the whole path through the
real login handler (form, XSRF, argon2 check against a real casework SQLite database, lock,
Dutch message, log line) over real HTTP with a Tornado server on a free port.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import tornado.web
from tornado.httpclient import HTTPClientError, HTTPResponse
from tornado.testing import AsyncHTTPTestCase

from casework.store import open_store
from dashboards.auth import USER_COOKIE, SessionAuthProvider
from dashboards.gateway import CaseworkGateway
from dashboards.throttle import LoginThrottle
from signals.paths import DataDir


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_username_is_locked_after_five_failures_with_a_doubling_delay() -> None:
    clock = Clock()
    th = LoginThrottle(clock=clock, base_delay=30, max_delay=120, window=900)
    for _ in range(4):
        assert th.failed(username="Anna", address="10.0.0.1") == 0
    assert th.failed(username="anna", address="10.0.0.2") == 30  # names are case-insensitive
    assert th.wait_seconds(username="ANNA", address="10.0.0.3") == 30
    assert th.wait_seconds(username="bert", address="10.0.0.1") == 0  # others are not locked
    clock.now += 31
    assert th.wait_seconds(username="anna", address="10.0.0.1") == 0
    assert th.failed(username="anna", address="10.0.0.1") == 60
    clock.now += 61
    assert th.failed(username="anna", address="10.0.0.1") == 120
    clock.now += 121
    assert th.failed(username="anna", address="10.0.0.1") == 120  # capped at max_delay
    clock.now += 121 + 900  # the window passes without failures: forgotten
    assert th.failed(username="anna", address="10.0.0.1") == 0


def test_an_address_is_locked_across_usernames_and_a_success_does_not_reset_it() -> None:
    clock = Clock()
    th = LoginThrottle(clock=clock, user_limit=5, address_limit=3, base_delay=10)
    th.failed(username="a", address="192.0.2.7")
    th.failed(username="b", address="192.0.2.7")
    th.succeeded(username="c")
    assert th.failed(username="c", address="192.0.2.7") == 10
    assert th.wait_seconds(username="d", address="192.0.2.7") == 10
    assert th.wait_seconds(username="d", address="192.0.2.8") == 0


def test_a_correct_login_clears_its_username_and_memory_is_bounded() -> None:
    clock = Clock()
    th = LoginThrottle(clock=clock, address_limit=1000, max_entries=10)
    for _ in range(4):
        th.failed(username="anna", address="10.0.0.1")
    th.succeeded(username="anna")
    assert th.failed(username="anna", address="10.0.0.1") == 0  # counting starts again
    for i in range(50):
        th.failed(username=f"made-up-{i}", address="10.0.0.1")
    assert len(th._records) <= 10


class LoginThrottleOverHttp(AsyncHTTPTestCase):
    """The real login handler with a real casework database, over HTTP."""

    tmp: Path

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
        self.tmp = tmp_path
        self.caplog = caplog
        yield

    def get_app(self) -> tornado.web.Application:
        store = open_store(DataDir(self.tmp))
        store.add_user("anna", "juist-wachtwoord-123", role="maatschappelijk_werker", team="noord")
        gateway = CaseworkGateway(store)
        self.provider = SessionAuthProvider(
            authenticate=gateway.authenticate,
            lookup=gateway.lookup,
            cookie_secret="test-secret-" + "x" * 32,
            throttle=LoginThrottle(user_limit=5, address_limit=20, base_delay=60),
        )
        return tornado.web.Application(
            [("/login", self.provider.login_handler)], cookie_secret="test-secret-" + "x" * 32
        )

    def _post(self, username: str, password: str, *, taal: str = "nl") -> HTTPResponse:
        page = self.fetch(f"/login?taal={taal}")
        cookie = page.headers["Set-Cookie"].split(";", 1)[0]
        xsrf = cookie.split("=", 1)[1]
        body = urlencode({"username": username, "password": password, "_xsrf": xsrf})
        return self.fetch(
            f"/login?taal={taal}",
            method="POST",
            body=body,
            headers={"Cookie": cookie},
            follow_redirects=False,
            raise_error=False,
        )

    def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(self) -> None:
        with self.caplog.at_level(logging.WARNING, logger="dashboards.auth"):
            for _ in range(4):
                response = self._post("anna", "fout")
                assert response.code == 401
                assert "Gebruikersnaam of wachtwoord klopt niet" in response.body.decode()
            locked = self._post("anna", "fout")
        assert locked.code == 429
        assert locked.headers["Retry-After"] == "60"
        text = locked.body.decode()
        assert "Er is te vaak een verkeerd wachtwoord ingevuld" in text
        assert "1 minuut" in text
        logged = self.caplog.text
        assert "failed login: user 'anna'" in logged
        assert "login locked for 60 s: user 'anna'" in logged

        right = self._post("anna", "juist-wachtwoord-123")  # locked: not even checked
        assert right.code == 429
        assert USER_COOKIE + "=" not in right.headers.get("Set-Cookie", "")
        english = self._post("anna", "juist-wachtwoord-123", taal="en")
        assert "A wrong password was entered too often" in english.body.decode()

    def test_a_correct_login_before_the_limit_gets_a_session(self) -> None:
        for _ in range(3):
            assert self._post("anna", "fout").code == 401
        ok = self._post("anna", "juist-wachtwoord-123")
        assert ok.code == 302
        assert any(c.startswith(USER_COOKIE + "=") for c in ok.headers.get_list("Set-Cookie")), (
            ok.headers
        )

    def test_many_usernames_from_one_address_lock_that_address(self) -> None:
        for i in range(19):
            assert self._post(f"gok-{i}", "fout").code == 401
        assert self._post("gok-19", "fout").code == 429
        assert self._post("anna", "juist-wachtwoord-123").code == 429
        with pytest.raises(HTTPClientError):
            self.fetch("/login", method="POST", body="", raise_error=True)  # no XSRF: refused
