"""With an OIDC provider configured, the server hands the login to it (Panel's OAuth flow): the
login page redirects to Entra ID's authorize endpoint with our client id. No network is used; the
redirect is only inspected."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from cryptography.fernet import Fernet
from dash_checks import free_port

from dashboards.oidc import OidcSettings


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _redirect_of(opener, url: str, proc, timeout: float = 90.0):  # type: ignore[no-untyped-def]
    """Where ``url`` redirects to, waiting for the server to come up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "server stopped"
        try:
            opener.open(url, timeout=10)
        except urllib.error.HTTPError as err:
            assert err.code == 302, err.code
            return urllib.parse.urlsplit(err.headers["Location"])
        except OSError:
            time.sleep(0.5)
            continue
        raise AssertionError(f"{url} did not redirect")
    raise TimeoutError(url)


def test_login_goes_to_the_oidc_provider(tmp_path) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    env = {
        **os.environ,
        "VROEGSIGNAAL_OIDC_PROVIDER": "azurev2",
        "VROEGSIGNAAL_OIDC_TENANT": "11111111-2222-3333-4444-555555555555",
        "VROEGSIGNAAL_OIDC_CLIENT_ID": "vroegsignaal-test-client",
        "VROEGSIGNAAL_OIDC_CLIENT_SECRET": "not-a-real-secret",
        "VROEGSIGNAAL_OIDC_REDIRECT_URI": f"http://127.0.0.1:{port}/login",
        # Tokens in cookies are encrypted: this needs the cryptography package (a dependency).
        "VROEGSIGNAAL_OIDC_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    env.pop("VROEGSIGNAAL_DATABASE_URL", None)
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "signals.cli",
            "serve",
            "--data",
            str(tmp_path / "data"),
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        opener = urllib.request.build_opener(_NoRedirect)
        base = f"http://127.0.0.1:{port}"
        target = _redirect_of(opener, f"{base}/login", proc)
        assert target.netloc == "login.microsoftonline.com"
        assert target.path == "/11111111-2222-3333-4444-555555555555/oauth2/v2.0/authorize"
        query = urllib.parse.parse_qs(target.query)
        assert query["client_id"] == ["vroegsignaal-test-client"]
        assert query["redirect_uri"] == [f"{base}/login"]
        assert query["response_type"] == ["code"]
        assert "openid" in query["scope"][0].split()
        assert query["state"][0]  # Panel's anti-forgery state for the code flow
        # And the pages themselves still need a login.
        assert _redirect_of(opener, f"{base}/bord", proc).path.lstrip(".") == "/login"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_a_bad_encryption_key_is_refused_in_plain_dutch(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_PROVIDER", "azurev2")
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_CLIENT_ID", "client")
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_CLIENT_SECRET", "secret")
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_ENCRYPTION_KEY", "geen-sleutel")
    with pytest.raises(SystemExit, match="geen geldige Fernet-sleutel"):
        OidcSettings.from_env()
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_ENCRYPTION_KEY", key)
    settings = OidcSettings.from_env()
    assert settings is not None
    assert settings.serve_kwargs()["oauth_encryption_key"] == key


def test_the_token_encryption_key_is_applied(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``panel.serve`` ignores ``oauth_encryption_key``; building the server must apply it."""
    import panel as pn

    from dashboards.server import build_server
    from signals.paths import DataDir

    key = Fernet.generate_key().decode()
    for name, value in {
        "VROEGSIGNAAL_OIDC_PROVIDER": "azurev2",
        "VROEGSIGNAAL_OIDC_TENANT": "11111111-2222-3333-4444-555555555555",
        "VROEGSIGNAAL_OIDC_CLIENT_ID": "client",
        "VROEGSIGNAAL_OIDC_CLIENT_SECRET": "secret",
        "VROEGSIGNAAL_OIDC_ENCRYPTION_KEY": key,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("VROEGSIGNAAL_DATABASE_URL", raising=False)
    server = build_server(data=DataDir(tmp_path / "data"), port=free_port())
    try:
        assert pn.config.oauth_encryption_key == key.encode("ascii")
        token = pn.state.encryption.encrypt(b"access-token")
        assert b"access-token" not in token
        assert Fernet(key).decrypt(token) == b"access-token"
    finally:
        pn.state.encryption = None
        pn.config.oauth_encryption_key = None
        server.stop()
