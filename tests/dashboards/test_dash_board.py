"""The core flow on the case board and the case page, in a real browser."""

from __future__ import annotations

import pytest
from dash_checks import assert_no_serious_axe_violations
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _change_status(page: Page, target: str, reason: str) -> None:
    page.get_by_label("Nieuwe status").select_option(label=target)
    page.get_by_label("Reden", exact=True).fill(reason)
    page.get_by_role("button", name="Status wijzigen").click()


def test_worker_takes_a_case_and_walks_it_to_closed(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("werker")
    assert page.url.endswith("/bord")
    expect(page.get_by_role("heading", name="Casusbord", level=1)).to_be_visible()
    expect(page.locator("table#voorstellen")).to_contain_text("Zaak 1")
    assert_no_serious_axe_violations(page)

    # Take case 1 on the board.
    page.get_by_label("Kies een zaak").select_option(label="Zaak 1 · Voorgesteld · Rang 1")
    page.get_by_role("button", name="Zaak oppakken").click()
    expect(page.get_by_text("Zaak 1 is nu van u.")).to_be_visible()
    expect(page.locator("table#open-zaken")).to_contain_text("werker")

    # On the case page: seek contact, start talking, start help, close.
    page.goto(f"{server}/zaak?id=1")
    expect(page.get_by_role("heading", name="Dossier", level=1)).to_be_visible()
    expect(page.locator("#zaak-status")).to_contain_text("Toegewezen")
    expect(page.get_by_text("Inwoner 1").first).to_be_visible()
    expect(page.locator("ul.vs-reasons")).to_contain_text(
        "Boete bij het CJIB is twee keer verhoogd"
    )

    _change_status(page, "Contact gezocht", "Brief gestuurd en gebeld")
    expect(page.get_by_text("Zaak 1 heeft nu de status: Contact gezocht.")).to_be_visible()
    _change_status(page, "In gesprek", "Eerste gesprek gepland")
    expect(page.get_by_text("Zaak 1 heeft nu de status: In gesprek.")).to_be_visible()
    _change_status(page, "Hulp gestart", "Aanmelding schuldhulp")
    expect(page.get_by_text("Zaak 1 heeft nu de status: Hulp gestart.")).to_be_visible()
    expect(page.locator("#zaak-status")).to_contain_text("Hulp gestart")

    page.get_by_label("Individuele oplossing").check()
    page.get_by_label("Wat is er gebeurd?").fill("Betalingsregeling getroffen met CJIB en CAK.")
    page.get_by_role("button", name="Zaak afsluiten").click()
    expect(page.get_by_text("Zaak 1 is afgesloten.")).to_be_visible()
    expect(page.locator("#zaak-status")).to_contain_text("Afgesloten")

    # Back on the board the closed case is gone from the open cases.
    page.goto(f"{server}/bord")
    expect(page.locator("table#voorstellen")).to_be_visible()
    expect(page.get_by_role("link", name="Zaak 2", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Zaak 1", exact=True)).to_have_count(0)
