"""Build the Panel server: login, the four views, and the role check on every page.

Every view is a Panel app whose function first resolves the logged-in user from the signed
session cookie, then asks :func:`casework.permissions.can` whether the role may open it. A URL typed
by hand gets the same check on the server: a forbidden view renders only a "geen toegang" page and
none of its data is ever loaded.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import panel as pn
import tornado.web

from casework import VIEW_PERMISSIONS, User, can
from dashboards.auth import USER_COOKIE, SessionAuthProvider, decode_session
from dashboards.gateway import CaseworkGateway
from dashboards.layout import (
    VIEWS,
    Shell,
    callout,
    esc,
    page_shell,
    session_arg,
    set_document_language,
)
from dashboards.messages import t
from dashboards.oidc import OidcSettings, account_name
from dashboards.serving import ReadOnlyStore
from signals.i18n import current_language
from signals.paths import DataDir

__all__ = ["AppEnv", "PageContext", "build_server", "cookie_secret_for", "start_route"]

log = logging.getLogger(__name__)

#: Routes in the order a role's start page is chosen.
START_ORDER = ("bord", "beheer", "ethiek")


@dataclass(frozen=True)
class AppEnv:
    """Everything the views need, shared by all sessions of one server."""

    data: DataDir
    gateway: CaseworkGateway
    cookie_secret: str
    session_hours: float = 8.0

    @property
    def serving(self) -> ReadOnlyStore:
        return ReadOnlyStore(self.data.serving)

    @property
    def restricted(self) -> ReadOnlyStore:
        return ReadOnlyStore(self.data.restricted)


@dataclass(frozen=True)
class PageContext:
    """One page view: who is looking, in which language, with what."""

    env: AppEnv
    account: User
    lang: str

    def session_valid(self) -> bool:
        """Whether the login that opened this page is still valid (expiry and disabled users)."""
        account = current_account(self.env, pn.state.cookies.get(USER_COOKIE))
        return account is not None and account.username == self.account.username

    def can(self, action: str) -> bool:
        return can(self.account.role, action)


def cookie_secret_for(data: DataDir) -> str:
    """The secret that signs session cookies: ``VROEGSIGNAAL_COOKIE_SECRET`` or a random one kept
    in ``DATA/secrets/cookie_secret`` (created with mode 0600 on first use)."""
    from_env = os.environ.get("VROEGSIGNAAL_COOKIE_SECRET")
    if from_env:
        return from_env
    path = data.secrets / "cookie_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def allowed_routes(role: str) -> tuple[str, ...]:
    return tuple(route for route, (view, _) in VIEWS.items() if can(role, VIEW_PERMISSIONS[view]))


def start_route(role: str) -> str | None:
    allowed = allowed_routes(role)
    return next((r for r in START_ORDER if r in allowed), None)


def _page_lang() -> str:
    lang = session_arg("taal") or pn.state.cookies.get("taal")
    return lang if lang in ("nl", "en") else current_language()


ViewBuilder = Callable[[PageContext], list[Any]]


def _guarded(env: AppEnv, route: str, builder: ViewBuilder) -> Callable[[], pn.viewable.Viewable]:
    _view, title_key = VIEWS[route]

    def app() -> pn.viewable.Viewable:
        lang = _page_lang()
        set_document_language(lang)
        account = current_account(env, pn.state.cookies.get(USER_COOKIE))
        if account is None:  # the auth provider lets no one in without a login; defence in depth
            return callout(t("session_expired", lang), kind="warning", role="alert")
        routes = allowed_routes(account.role)
        shell = Shell(
            username=account.username,
            role_label=env.gateway.role_label(account.role, lang),
            lang=lang,
            allowed_routes=routes,
        )
        query = _query_without_lang()
        if route not in routes:
            start = start_route(account.role)
            body: list[Any] = [
                callout(t("forbidden_body", lang, role=shell.role_label), kind="error")
            ]
            if start:
                body.append(
                    pn.pane.HTML(
                        f'<p><a href="/{start}?taal={lang}">{esc(t("to_start", lang))}</a></p>'
                    )
                )
            return page_shell(
                shell=shell, current=route, title=t("forbidden_title", lang), body=body, query=query
            )
        ctx = PageContext(env=env, account=account, lang=lang)
        try:
            body = builder(ctx)
        except Exception:  # a plain message, never a traceback; the details go to the log
            log.exception("view %s failed for %s", route, account.username)
            body = [callout(t("view_failed", lang), kind="error", role="alert")]
        page = page_shell(
            shell=shell, current=route, title=t(title_key, lang), body=body, query=query
        )
        _watch_session(ctx, page)
        return page

    return app


#: Seconds between the checks that end an open page whose session has expired.
SESSION_CHECK_SECONDS = float(os.environ.get("VROEGSIGNAAL_SESSIE_CONTROLE", "30"))


def _watch_session(ctx: PageContext, page: pn.Column) -> None:
    """Every ``SESSION_CHECK_SECONDS``, check the page's login (expiry, disabled account); when
    it is no longer valid, remove everything the page shows (names, addresses, cases) and ask
    to log in again. Actions check the login themselves, before they do anything."""
    if pn.state.curdoc is None or pn.state.curdoc.session_context is None:
        return

    main = page.objects[1]  # page_shell: header, main
    assert isinstance(main, pn.Column)

    def check() -> None:
        if ctx.session_valid():
            return
        callback.stop()
        main.objects = [
            callout(t("session_expired", ctx.lang), kind="warning", role="alert"),
            pn.pane.HTML(
                f'<p><a href="/login?verlopen=1">{esc(t("login_title", ctx.lang))}</a></p>'
            ),
        ]

    callback = pn.state.add_periodic_callback(check, period=int(SESSION_CHECK_SECONDS * 1000))


def _query_without_lang() -> str:
    args = pn.state.session_args or {}
    parts = []
    for key, values in args.items():
        if key == "taal" or key.startswith("bokeh"):
            continue
        for v in values:
            text = v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
            parts.append(f"{tornado.escape.url_escape(key)}={tornado.escape.url_escape(text)}")
    return "&".join(parts)


def current_account(env: AppEnv, cookie_value: str | bytes | None) -> User | None:
    """The active casework account of a signed session cookie (password or OIDC login), or
    ``None`` when the cookie is missing, forged or expired, or the account is unknown or
    disabled."""
    identity = decode_session(
        cookie_secret=env.cookie_secret, cookie_value=cookie_value, session_hours=env.session_hours
    )
    return env.gateway.lookup(account_name(identity)) if identity else None


def _root_handler(env: AppEnv) -> type[tornado.web.RequestHandler]:
    class RootHandler(tornado.web.RequestHandler):
        """``/`` sends a logged-in user to the start page of their role."""

        def get(self) -> None:
            account = current_account(env, self.get_cookie(USER_COOKIE))
            if account is None:
                self.redirect("/login")
                return
            start = start_route(account.role)
            self.redirect(f"/{start}" if start else "/logout")

    return RootHandler


def build_server(
    *,
    data: DataDir,
    port: int = 5006,
    address: str = "127.0.0.1",
    session_hours: float = 8.0,
    gateway: CaseworkGateway | None = None,
    behind_proxy: bool = False,
) -> Any:
    """A configured, not yet started Panel/Bokeh server. ``server.start()`` and
    ``server.io_loop.start()`` run it. ``behind_proxy`` takes the client address (used to
    throttle failed logins, and logged) from the proxy's ``X-Real-Ip``/``X-Forwarded-For``."""
    from dashboards.board import board_view
    from dashboards.case_page import case_view
    from dashboards.ethics import ethics_view
    from dashboards.steward import steward_view

    gw = gateway or CaseworkGateway.for_data(data)
    gw.warm_boards()
    secret = cookie_secret_for(data)
    env = AppEnv(data=data, gateway=gw, cookie_secret=secret, session_hours=session_hours)
    oidc = OidcSettings.from_env()
    login: dict[str, Any]
    if oidc is not None:  # production: an OIDC provider (e.g. Entra ID) proves who logs in
        oidc.apply_encryption()
        login = oidc.serve_kwargs()
    else:
        login = {
            "auth_provider": SessionAuthProvider(
                authenticate=gw.authenticate,
                lookup=gw.lookup,
                cookie_secret=secret,
                session_hours=session_hours,
            )
        }
    builders: dict[str, ViewBuilder] = {
        "bord": board_view,
        "zaak": case_view,
        "beheer": steward_view,
        "ethiek": ethics_view,
    }
    apps = {route: _guarded(env, route, b) for route, b in builders.items()}
    origins = [f"{address}:{port}", f"localhost:{port}", f"127.0.0.1:{port}"]
    # The public host name(s) behind a proxy, as Bokeh's own setting names them.
    origins += [
        o.strip() for o in os.environ.get("BOKEH_ALLOW_WS_ORIGIN", "").split(",") if o.strip()
    ]
    return pn.serve(
        apps,
        port=port,
        address=address,
        websocket_origin=origins,
        show=False,
        start=False,
        verbose=False,
        title={r: t(VIEWS[r][1]) for r in apps},
        cookie_secret=secret,
        extra_patterns=[(r"/", _root_handler(env))],
        use_xheaders=behind_proxy,
        check_unused_sessions=10_000,
        unused_session_lifetime=60_000,
        **login,
    )
