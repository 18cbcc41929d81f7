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

from dash_checks import free_port


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
        # And the pages themselves still need a login.
        assert _redirect_of(opener, f"{base}/bord", proc).path.lstrip(".") == "/login"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
