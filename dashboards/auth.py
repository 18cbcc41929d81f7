"""Login, logout and session expiry for the Panel server.

A Bokeh ``AuthProvider`` whose login page is a plain HTML form (``templates/login.html``). The
username and password are checked against casework's argon2 users; on success the server sets a
signed, http-only ``user`` cookie. Tornado signs the cookie with its creation time, so a session
expires ``session_hours`` after login, checked on every request and every action (not just by the
browser's cookie expiry). Sessions of disabled users end at their next request.

Production deployments with an OIDC provider use Panel's own OAuth support instead (see
docs/dashboards.md); the role lookup then works on the OAuth user name.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import jinja2
import tornado.web
from bokeh.server.auth_provider import AuthProvider
from tornado.ioloop import IOLoop

from dashboards.messages import t
from dashboards.throttle import LoginThrottle

__all__ = [
    "USER_COOKIE",
    "SessionAuthProvider",
    "decode_session",
    "safe_next_url",
]

log = logging.getLogger(__name__)

USER_COOKIE = "user"

LOGIN_URL = "/login"
LOGOUT_URL = "/logout"


#: Checks a username and password; returns the account (casework's ``User``) or ``None``.
Authenticate = Callable[[str, str], Any]
#: Looks up an active account by username; ``None`` when unknown or disabled.
LookupAccount = Callable[[str], Any]


def decode_session(
    *, cookie_secret: str, cookie_value: str | bytes | None, session_hours: float
) -> str | None:
    """The username in a signed session cookie, or ``None`` when absent, forged or older than
    ``session_hours`` hours."""
    if not cookie_value:
        return None
    raw = tornado.web.decode_signed_value(
        cookie_secret, USER_COOKIE, cookie_value, max_age_days=session_hours / 24.0
    )
    return raw.decode("utf-8") if raw else None


def safe_next_url(value: str | None, default: str = "/") -> str:
    """Only same-site absolute paths are followed after login (no open redirect)."""
    if not value:
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return default
    if parts.path in (LOGIN_URL, LOGOUT_URL):
        return default
    return value


def _template(name: str) -> jinja2.Template:
    text = resources.files("dashboards").joinpath("templates", name).read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True)  # every value is escaped
    return env.from_string(text)


class SessionAuthProvider(AuthProvider):
    """Bokeh auth provider backed by casework's users.

    Parameters
    ----------
    authenticate : callable
        ``(username, password) -> Account | None``; checks the argon2 hash.
    lookup : callable
        ``(username) -> Account | None``; ``None`` ends the session (user disabled or removed).
    cookie_secret : str
        Secret that signs the session cookie (the same one Panel gets).
    session_hours : float
        Hours after login at which the session expires.
    throttle : LoginThrottle, optional
        Counts failed logins per username and client address (default: 5 per username, 20 per
        address, then a doubling lock from 30 seconds to 15 minutes).
    """

    def __init__(
        self,
        *,
        authenticate: Authenticate,
        lookup: LookupAccount,
        cookie_secret: str,
        session_hours: float = 8.0,
        throttle: LoginThrottle | None = None,
    ) -> None:
        self.throttle = throttle if throttle is not None else LoginThrottle()
        self._authenticate = authenticate
        self._lookup = lookup
        self._cookie_secret = cookie_secret
        self.session_hours = session_hours
        super().__init__()

    # -- Bokeh hooks -------------------------------------------------------------------------
    @property
    def get_user(self) -> Any:
        def get_user(handler: tornado.web.RequestHandler) -> str | None:
            username = decode_session(
                cookie_secret=self._cookie_secret,
                cookie_value=handler.get_cookie(USER_COOKIE),
                session_hours=self.session_hours,
            )
            if username is None or self._lookup(username) is None:
                return None
            return username

        return get_user

    @property
    def login_url(self) -> str:
        return LOGIN_URL

    @property
    def logout_url(self) -> str:
        return LOGOUT_URL

    @property
    def login_handler(self) -> type[tornado.web.RequestHandler]:
        provider = self

        class LoginHandler(_LoginHandler):
            auth = provider

        return LoginHandler

    @property
    def logout_handler(self) -> type[tornado.web.RequestHandler]:
        return _LogoutHandler

    # -- used by the login handler -----------------------------------------------------------
    def check_password(self, username: str, password: str) -> Any:
        if not username or not password:
            return None
        return self._authenticate(username, password)


def _request_lang(handler: tornado.web.RequestHandler) -> str:
    lang = handler.get_argument("taal", None) or handler.get_cookie("taal")
    if lang in ("nl", "en"):
        return lang
    from signals.i18n import current_language

    return current_language()


class _LoginHandler(tornado.web.RequestHandler):
    auth: SessionAuthProvider

    def _render(self, *, error: str = "", username: str = "", status: int = 200) -> None:
        lang = _request_lang(self)
        self.set_status(status)
        self.set_header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Cache-Control", "no-store")
        other = "en" if lang == "nl" else "nl"
        self.write(
            _template("login.html").render(
                lang=lang,
                title=t("login_title", lang),
                intro=t("login_intro", lang),
                username_label=t("login_username", lang),
                password_label=t("login_password", lang),
                submit=t("login_submit", lang),
                error=error,
                username=username,
                action=LOGIN_URL,
                next_url=safe_next_url(self.get_argument("next", None)),
                xsrf_input=self.xsrf_form_html(),
                switch_href=f"{LOGIN_URL}?taal={other}",
                switch_label=t("switch_language", lang),
                switch_lang=other,
                expired=t("login_expired", lang) if self.get_argument("verlopen", None) else "",
            )
        )

    def _render_locked(self, wait: float, *, username: str, lang: str) -> None:
        minutes = max(1, math.ceil(wait / 60))
        wachttijd = t("wait_minute", lang) if minutes == 1 else t("wait_minutes", lang, n=minutes)
        self.set_header("Retry-After", str(math.ceil(wait)))
        self._render(
            error=t("login_locked", lang, wachttijd=wachttijd), username=username, status=429
        )

    def get(self) -> None:
        self.xsrf_token  # noqa: B018 - sets the _xsrf cookie for the form
        self._render()

    async def post(self) -> None:
        self.check_xsrf_cookie()
        lang = _request_lang(self)
        username = self.get_body_argument("username", "").strip()
        password = self.get_body_argument("password", "")
        address = self.request.remote_ip or "?"
        throttle = self.auth.throttle
        wait = throttle.wait_seconds(username=username, address=address)
        if wait > 0:  # locked: the password is not even checked
            log.warning(
                "login refused (locked %.0f s more): user %r from %s", wait, username, address
            )
            self._render_locked(wait, username=username, lang=lang)
            return
        # argon2 is slow on purpose: verify off the event loop so other users are not held up.
        account = await IOLoop.current().run_in_executor(
            None, self.auth.check_password, username, password
        )
        if account is None:
            wait = throttle.failed(username=username, address=address)
            log.warning("failed login: user %r from %s", username, address)
            if wait > 0:
                log.warning("login locked for %.0f s: user %r from %s", wait, username, address)
                self._render_locked(wait, username=username, lang=lang)
                return
            self._render(error=t("login_failed", lang), username=username, status=401)
            return
        throttle.succeeded(username=username)
        log.info("login: user %r from %s", account.username, address)
        self.set_signed_cookie(
            USER_COOKIE,
            account.username,
            expires_days=self.auth.session_hours / 24.0,
            httponly=True,
            samesite="Lax",
            path="/",
        )
        self.set_cookie("taal", lang, path="/", samesite="Lax")
        self.redirect(safe_next_url(self.get_body_argument("next", None)))


class _LogoutHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.clear_cookie(USER_COOKIE, path="/")
        self.clear_cookie("id_token", path="/")
        self.redirect(LOGIN_URL)
