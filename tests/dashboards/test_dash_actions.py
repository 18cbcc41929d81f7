"""Actions with user text: notes and reasons are stored and shown as text, never as markup;
overrides of the ranking need a reason; a team lead assigns a case."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MARKUP = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"><b>vet</b>'


def test_markup_in_a_note_and_a_reason_is_shown_as_text(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("werker")
    page.goto(f"{server}/zaak?id=3")
    page.get_by_role("button", name="Zaak oppakken").click()
    expect(page.get_by_text("Zaak 3 is nu van u.")).to_be_visible()

    page.get_by_label("Nieuwe notitie").fill(MARKUP)
    page.get_by_role("button", name="Notitie opslaan").click()
    expect(page.get_by_text("De notitie is opgeslagen.")).to_be_visible()
    note = page.locator("#notities .vs-note-text")
    expect(note).to_have_text(MARKUP)

    page.get_by_label("Nieuwe status").select_option(label="Contact gezocht")
    page.get_by_label("Reden", exact=True).fill(MARKUP)
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_text("Zaak 3 heeft nu de status: Contact gezocht.")).to_be_visible()

    # After a reload both come from the database and are still only text.
    page.reload()
    expect(page.locator("#notities .vs-note-text")).to_have_text(MARKUP)
    expect(page.get_by_role("cell", name=MARKUP)).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#notities img").count() == 0
    assert page.locator("#notities b").count() == 0

    # The invitation letter: a warm draft, editable, printed as text in its own window.
    letter = page.get_by_label("Tekst van de brief")
    expect(letter).to_have_value(re.compile(r"Beste Inwoner 3,"))
    assert "Wij willen u graag helpen" in letter.input_value()
    letter.fill("Beste bewoner,\n" + MARKUP)
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name="Brief afdrukken").click()
    printed = popup_info.value
    expect(printed.locator("body")).to_contain_text(MARKUP)
    assert printed.locator("img, b, script").count() == 0
    assert printed.evaluate("window.__pwned") is None


def test_skipping_a_proposal_needs_a_reason_and_is_recorded(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("werker")
    page.get_by_label("Kies een zaak").select_option(label="Zaak 5 · Voorgesteld · Rang 5")
    page.get_by_label("Reden om over te slaan").select_option(label="Andere reden")
    page.get_by_role("button", name="Voorstel overslaan").click()
    # Without an explanation casework refuses, in Dutch, and nothing changes.
    expect(page.get_by_role("alert").filter(has_text="Leg in een paar woorden uit")).to_be_visible()
    expect(page.get_by_role("link", name="Zaak 5", exact=True)).to_be_visible()

    page.get_by_label("Toelichting").fill("Gezin is al bekend bij het wijkteam")
    page.get_by_role("button", name="Voorstel overslaan").click()
    expect(page.get_by_text("Voorstel 5 is overgeslagen. Uw reden is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("link", name="Zaak 5", exact=True)).to_have_count(0)


def test_team_lead_assigns_a_case_to_a_worker(login, server) -> None:  # type: ignore[no-untyped-def]
    page = login("leider")
    page.get_by_label("Kies een zaak").select_option(label="Zaak 4 · Voorgesteld · Rang 4")
    page.get_by_label("Toewijzen aan").select_option("werker2")
    page.get_by_role("button", name="Toewijzen", exact=True).click()
    expect(page.get_by_text("Zaak 4 is toegewezen aan werker2.")).to_be_visible()
    expect(page.locator("table#open-zaken")).to_contain_text("werker2")
    workload = page.get_by_role("table", name="Werkdruk per medewerker")
    expect(workload.get_by_role("row", name="werker2 1 binnen de norm")).to_be_visible()
