"""Who sees what: every role lands on its own start page, and a view it may not open stays closed
also when its URL is typed by hand. No login, no page."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest
from dash_checks import assert_forbidden, assert_no_serious_axe_violations
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@pytest.mark.parametrize("path", ["/", "/bord", "/zaak?id=2", "/beheer", "/ethiek"])
def test_without_login_every_page_sends_you_to_the_login(server, path) -> None:  # type: ignore[no-untyped-def]
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(f"{server}{path}", timeout=10)
    assert caught.value.code == 302
    assert caught.value.headers["Location"].lstrip(".").startswith("/login")


def test_a_wrong_password_is_refused_in_plain_dutch(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/login")
    page.fill("#username", "werker")
    page.fill("#password", "niet-het-goede-wachtwoord")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_have_text(
        "Gebruikersnaam of wachtwoord klopt niet. Probeer het opnieuw."
    )
    assert page.url.endswith("/login")
    assert_no_serious_axe_violations(page)


def test_a_worker_cannot_open_the_review_views(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("werker")
    assert_forbidden(page, server, ["/beheer", "/ethiek"], secrets=["ONGELDIG_BEDRAG", "geslacht"])


def test_english_is_available(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("leider", lang="en")
    expect(page.get_by_role("heading", name="Case board", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Nederlands")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    # A team lead may also open the model reports.
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link")).to_have_count(2)


def test_a_disabled_user_is_logged_out_at_the_next_page(login, server, built) -> None:  # type: ignore[no-untyped-def]
    from casework.store import open_store

    page = login("vertrekt")
    expect(page.get_by_role("heading", name="Casusbord", level=1)).to_be_visible()
    with open_store(built.data) as store:
        store.disable_user("vertrekt")
    time.sleep(2.5)  # the server reuses an account lookup for at most 2 seconds
    page.goto(f"{server}/bord")
    page.wait_for_url(lambda url: "/login" in url)
    expect(page.locator("#username")).to_be_visible()


def test_an_open_page_is_cleared_when_the_login_ends(page, server, built) -> None:  # type: ignore[no-untyped-def]
    """No new request needed: the open board removes the cases it shows and asks to log in."""
    from dash_builder import TEAM

    from casework.store import open_store

    with open_store(built.data) as store:
        store.add_user(
            "invaller", "wachtwoord-invaller-123", role="maatschappelijk_werker", team=TEAM
        )
    page.goto(f"{server}/login")
    page.fill("#username", "invaller")
    page.fill("#password", "wachtwoord-invaller-123")
    page.click("button[type=submit]")
    expect(page.locator("table#voorstellen")).to_be_visible()
    with open_store(built.data) as store:
        store.disable_user("invaller")
    expect(page.get_by_role("alert")).to_have_text("Uw sessie is verlopen. Log opnieuw in.")
    expect(page.locator("table#voorstellen")).to_have_count(0)
    expect(page.get_by_label("Kies een zaak")).to_have_count(0)
