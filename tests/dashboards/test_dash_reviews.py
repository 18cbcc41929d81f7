"""The steward's and the ethics reviewer's views."""

from __future__ import annotations

import pytest
from dash_builder import RAW_REJECT_LINE
from dash_checks import assert_forbidden, assert_no_serious_axe_violations, open_and_capture
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_steward_sees_rejected_lines_with_the_raw_line(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("steward")
    assert page.url.endswith("/beheer")
    expect(page.get_by_role("heading", name="Gegevensbeheer", level=1)).to_be_visible()
    rejects = page.locator("table#afgekeurd")
    expect(rejects).to_contain_text("ONGELDIG_BEDRAG")
    expect(rejects).to_contain_text("Gebruik hele eurocenten")
    expect(rejects.locator("code.vs-raw").first).to_have_text(RAW_REJECT_LINE)
    expect(page.get_by_text("Alle 3 leveringen sluiten aan")).to_be_visible()
    expect(page.get_by_role("table", name="Laatste levering per bron")).to_contain_text(
        "ontbreekt: 1"
    )
    expect(page.get_by_role("table", name="Verwijderingen, nieuwste eerst")).to_contain_text("314")
    # Positive control for the leak checks: here the raw line does reach the browser.
    sent = open_and_capture(page, f"{server}/beheer", ready="Afgekeurde regels")
    assert "raw-line-marker" in sent
    assert_no_serious_axe_violations(page)
    # Stewards see no case content.
    assert_forbidden(
        page, server, ["/bord", "/zaak?id=2"], secrets=["Inwoner 2", "raw-line-marker"]
    )


def test_administrator_sees_rejects_but_not_the_raw_line(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("beheer")
    assert page.url.endswith("/beheer")
    expect(page.locator("table#afgekeurd")).to_contain_text("ONGELDIG_BEDRAG")
    expect(page.locator("table#afgekeurd code.vs-raw")).to_have_count(0)
    sent = open_and_capture(page, f"{server}/beheer", ready="Afgekeurde regels")
    assert "ONGELDIG_BEDRAG" in sent
    assert "raw-line-marker" not in sent


def test_ethics_reviewer_sees_the_audit_and_no_names(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("ethiek")
    assert page.url.endswith("/ethiek")
    expect(page.get_by_role("heading", name="Eerlijkheidsaudit")).to_be_visible()
    expect(page.get_by_text("Audit van model lgbm-test-1: onbeslist")).to_be_visible()
    checks = page.locator("table#audit-checks")
    expect(checks).to_contain_text("Recall-verhouding tot de best bediende groep")
    expect(checks).to_contain_text("0.930")
    expect(checks).to_contain_text("0.80 – 1.25")
    expect(page.locator("table#proxies")).to_contain_text("aantal_kinderen")
    expect(page.get_by_text("1 van de 1 kenmerken vragen om een beoordeling.")).to_be_visible()
    expect(
        page.get_by_role("table", name="Gemiddelde over de testmaanden, bij capaciteit k = 10")
    ).to_contain_text("0.423")
    expect(page.get_by_role("button", name="Auditrapport (JSON): audit.json")).to_be_visible()
    expect(
        page.get_by_role("button", name="Algoritmeregister: algoritmeregister.json")
    ).to_be_visible()
    # The model card (folded) shows its markup as text, and its code spans are readable.
    page.get_by_text("De modelkaart", exact=True).click()
    expect(page.get_by_text("<script>alert(1)</script>", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="Modelkaart lgbm-test-1", level=3)).to_be_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert_no_serious_axe_violations(page)
    assert_forbidden(page, server, ["/zaak?id=2", "/beheer", "/bord"], secrets=["Inwoner 2"])
