"""Sessions expire: the signed cookie carries its creation time and is refused when too old."""

from __future__ import annotations

import time

from tornado.web import create_signed_value

from dashboards.auth import USER_COOKIE, decode_session, safe_next_url

SECRET = "test-secret-for-signing-cookies-only"


def _cookie(username: str, *, age_hours: float) -> bytes:
    issued = time.time() - age_hours * 3600
    return create_signed_value(SECRET, USER_COOKIE, username, clock=lambda: issued)


def test_a_fresh_session_is_accepted() -> None:
    cookie = _cookie("werker", age_hours=0.5)
    assert decode_session(cookie_secret=SECRET, cookie_value=cookie, session_hours=8) == "werker"


def test_an_old_session_has_expired() -> None:
    cookie = _cookie("werker", age_hours=9)
    assert decode_session(cookie_secret=SECRET, cookie_value=cookie, session_hours=8) is None
    assert decode_session(cookie_secret=SECRET, cookie_value=cookie, session_hours=10) == "werker"


def test_a_forged_or_missing_cookie_is_refused() -> None:
    forged = create_signed_value("another-secret", USER_COOKIE, "werker")
    assert decode_session(cookie_secret=SECRET, cookie_value=forged, session_hours=8) is None
    assert decode_session(cookie_secret=SECRET, cookie_value=None, session_hours=8) is None
    tampered = _cookie("werker", age_hours=0).replace(b"d2Vya2Vy", b"bGVpZGVy")  # werker -> leider
    assert decode_session(cookie_secret=SECRET, cookie_value=tampered, session_hours=8) is None


def test_after_login_only_local_paths_are_followed() -> None:
    assert safe_next_url("/zaak?id=3") == "/zaak?id=3"
    assert safe_next_url("https://evil.example/") == "/"
    assert safe_next_url("//evil.example/") == "/"
    assert safe_next_url("/login") == "/"
    assert safe_next_url(None) == "/"


def test_an_oidc_identity_maps_to_a_casework_account_name() -> None:
    from dashboards.oidc import account_name

    assert account_name("J.Jansen@Gemeente.example") == "j.jansen"
    assert account_name(" werker ") == "werker"


def test_oidc_settings_come_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from dashboards.oidc import OidcSettings

    monkeypatch.delenv("VROEGSIGNAAL_OIDC_PROVIDER", raising=False)
    assert OidcSettings.from_env() is None
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_PROVIDER", "azurev2")
    with pytest.raises(SystemExit, match="VROEGSIGNAAL_OIDC_CLIENT_ID"):
        OidcSettings.from_env()
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_CLIENT_ID", "client")
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_CLIENT_SECRET", "secret")
    monkeypatch.setenv("VROEGSIGNAAL_OIDC_TENANT", "tenant-id")
    settings = OidcSettings.from_env()
    assert settings is not None
    kwargs = settings.serve_kwargs()
    assert kwargs["oauth_provider"] == "azurev2"
    assert kwargs["oauth_extra_params"] == {"tenant": "tenant-id"}
    assert kwargs["oauth_jwt_user"] == "preferred_username"
