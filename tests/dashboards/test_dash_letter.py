"""The invitation letter invites: warm, plain, never accusing, and it offers every way in."""

from __future__ import annotations

from datetime import date

import pytest

from dashboards.letter import draft_letter

ACCUSING = ("fraude", "sanctie", "handhaving", "verplicht", "schuldig", "controle", "boete van u")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_letter_is_addressed_and_offers_every_way_in(lang: str) -> None:
    text = draft_letter(
        naam="J. de Vries",
        adres=["Dorpsstraat 8", "1234 AB Ergenshuizen"],
        afzender="Sanne",
        gemeente="Ergenshuizen",
        telefoon="14 0123",
        today=date(2026, 11, 24),
        lang=lang,
    )
    assert text.startswith("J. de Vries\nDorpsstraat 8\n1234 AB Ergenshuizen\n")
    assert "14 0123" in text and "Sanne" in text
    if lang == "nl":
        assert "Ergenshuizen, 24 november 2026" in text
        assert "Beste J. de Vries," in text
        for phrase in ("Bel ons", "thuis langs", "gemeentehuis", "gratis", "Dat mag."):
            assert phrase in text
        assert not any(word in text.lower() for word in ACCUSING)
    else:
        assert "Dear J. de Vries," in text
        assert "That is fine." in text


def test_prose_is_not_broken_mid_sentence() -> None:
    text = draft_letter(naam=None, afzender="Sanne", lang="nl")
    assert "Beste bewoner," in text
    paragraph = next(p for p in text.split("\n\n") if p.startswith("Wij willen u graag helpen"))
    assert "\n" not in paragraph
    assert "\n- Bel ons op" in text  # the list keeps its lines
