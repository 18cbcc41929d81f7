"""Failed logins are throttled per username and per client address.

The rules are checked on :class:`LoginThrottle` with a fake clock; the whole path through the
real login handler (form, XSRF, argon2 check against a real casework SQLite database, lock,
Dutch message, log line) over real HTTP with a Tornado server on a free port.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import tornado.web
from dash_checks import free_port
from tornado.ioloop import IOLoop

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


@dataclass
class LoginServer:
    """The real login handler with a real casework database, on a free port in a thread."""

    base: str

    def post(self, username: str, password: str, *, taal: str = "nl") -> Response:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
        opener.open(f"{self.base}/login?taal={taal}", timeout=30).read()
        xsrf = next(c.value for c in jar if c.name == "_xsrf")
        body = urlencode({"username": username, "password": password, "_xsrf": xsrf}).encode()
        try:
            with opener.open(f"{self.base}/login?taal={taal}", data=body, timeout=30) as r:
                return Response(r.status, r.read().decode(), r.headers, jar)
        except urllib.error.HTTPError as err:
            return Response(err.code, err.read().decode(), err.headers, jar)


@dataclass
class Response:
    code: int
    text: str
    headers: Any
    jar: http.cookiejar.CookieJar

    def has_session(self) -> bool:
        return any(c.name == USER_COOKIE for c in self.jar)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@pytest.fixture
def login_server(tmp_path: Path) -> Iterator[LoginServer]:
    store = open_store(DataDir(tmp_path))
    store.add_user("anna", "juist-wachtwoord-123", role="maatschappelijk_werker", team="noord")
    gateway = CaseworkGateway(store)
    secret = "test-secret-" + "x" * 32
    provider = SessionAuthProvider(
        authenticate=gateway.authenticate,
        lookup=gateway.lookup,
        cookie_secret=secret,
        throttle=LoginThrottle(user_limit=5, address_limit=20, base_delay=60),
    )
    port = free_port()
    started = threading.Event()
    loops: list[IOLoop] = []

    def run() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = IOLoop.current()
        app = tornado.web.Application([("/login", provider.login_handler)], cookie_secret=secret)
        app.listen(port, address="127.0.0.1")
        loops.append(loop)
        started.set()
        loop.start()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(10)
    try:
        yield LoginServer(f"http://127.0.0.1:{port}")
    finally:
        loops[0].add_callback(loops[0].stop)
        thread.join(10)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    login_server: LoginServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="dashboards.auth"):
        for _ in range(4):
            response = login_server.post("anna", "fout")
            assert response.code == 401
            assert "Gebruikersnaam of wachtwoord klopt niet" in response.text
        locked = login_server.post("anna", "fout")
    assert locked.code == 429
    assert locked.headers["Retry-After"] == "60"
    assert "Er is te vaak een verkeerd wachtwoord ingevuld" in locked.text
    assert "1 minuut" in locked.text
    assert "failed login: user 'anna'" in caplog.text
    assert "login locked for 60 s: user 'anna'" in caplog.text

    right = login_server.post("anna", "juist-wachtwoord-123")  # locked: not even checked
    assert right.code == 429
    assert not right.has_session()
    english = login_server.post("anna", "juist-wachtwoord-123", taal="en")
    assert "A wrong password was entered too often" in english.text


def test_a_correct_login_before_the_limit_gets_a_session(login_server: LoginServer) -> None:
    for _ in range(3):
        assert login_server.post("anna", "fout").code == 401
    ok = login_server.post("anna", "juist-wachtwoord-123")
    assert ok.code == 302
    assert ok.has_session()


def test_many_usernames_from_one_address_lock_that_address(login_server: LoginServer) -> None:
    for i in range(19):
        assert login_server.post(f"gok-{i}", "fout").code == 401
    assert login_server.post("gok-19", "fout").code == 429
    assert login_server.post("anna", "juist-wachtwoord-123").code == 429
