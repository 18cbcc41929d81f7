"""The invitation letter: a warm, non-accusatory first letter at language level B1.

The letter invites; it never accuses, threatens or mentions a model or a score. It names the help
on offer, the ways to get in touch (phone, a visit, the office) and that saying no is fine. The
worker edits the draft before printing; nothing here is sent automatically.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from signals.i18n import current_language

__all__ = ["draft_letter"]

_MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

_NL = """{adres_blok}

{plaats_datum}

Beste {aanhef},

Wij zijn het sociaal team van de gemeente. Wij helpen inwoners die het lastig hebben met geld,
rekeningen of andere zorgen. Soms krijgen wij een seintje dat er rekeningen blijven liggen bij
bijvoorbeeld het CJIB, het CAK, DUO of de Belastingdienst. Dat kan iedereen overkomen.

Wij willen u graag helpen om weer overzicht te krijgen, voordat de kosten verder oplopen.
Samen kijken we wat er nodig is: bijvoorbeeld een betalingsregeling, hulp bij post en formulieren,
of uitzoeken of u recht heeft op toeslagen. Het gesprek is gratis en vertrouwelijk.

U kunt kiezen wat bij u past:
- Bel ons op {telefoon} (maandag tot en met vrijdag, 9.00 tot 17.00 uur).
- Wij komen graag bij u thuis langs, als u dat prettig vindt.
- U kunt ook langskomen op het gemeentehuis.

Ik neem in de komende weken ook zelf contact met u op. Wilt u liever geen gesprek? Dat mag.
Laat het ons dan even weten; u hoeft niets uit te leggen.

Met vriendelijke groet,

{afzender}
Sociaal team, gemeente {gemeente}
"""

_EN = """{adres_blok}

{plaats_datum}

Dear {aanhef},

We are the social team of the municipality. We help residents who find it hard to deal with
money, bills or other worries. Sometimes we hear that bills are left unpaid with, for example,
the CJIB, the CAK, DUO or the tax office. That can happen to anyone.

We would like to help you get back on top of things, before the costs rise further.
Together we look at what you need: for example a payment plan, help with post and forms,
or finding out whether you are entitled to allowances. The conversation is free and confidential.

You can choose what suits you:
- Call us on {telefoon} (Monday to Friday, 9.00 to 17.00).
- We are happy to visit you at home, if you like.
- You can also come to the town hall.

I will also get in touch with you myself in the coming weeks. Would you rather not talk? That is
fine. Just let us know; you do not have to explain anything.

Kind regards,

{afzender}
Social team, municipality of {gemeente}
"""


def _unwrap(text: str) -> str:
    """Join the lines of each prose paragraph (the templates are wrapped for reading the code);
    the address block, lists, greeting and closing keep their lines."""
    out = []
    for para in text.split("\n\n"):
        lines = para.split("\n")
        prose = len(lines) > 1 and not any(x.startswith(("- ", "{")) for x in lines)
        out.append(" ".join(x.strip() for x in lines) if prose else para)
    return "\n\n".join(out)


def draft_letter(
    *,
    naam: str | None,
    adres: Sequence[str | None] = (),
    afzender: str,
    gemeente: str = "",
    telefoon: str = "14 0",
    today: date | None = None,
    lang: str | None = None,
) -> str:
    """A plain-text invitation letter (the page shows and prints it as text, never as HTML).

    ``naam`` is the addressee (``None`` gives a neutral greeting), ``adres`` the address lines.
    """
    lang = lang or current_language()
    day = today or date.today()
    lines = [x for x in (naam, *adres) if x]
    if lang == "en":
        when = f"{gemeente + ', ' if gemeente else ''}{day.strftime('%d %B %Y').lstrip('0')}"
        greeting = naam or "resident"
        template = _EN
    else:
        when = (
            f"{gemeente + ', ' if gemeente else ''}{day.day} {_MONTHS_NL[day.month - 1]} {day.year}"
        )
        greeting = naam or "bewoner"
        template = _NL
    return (
        _unwrap(template)
        .format(
            adres_blok="\n".join(lines),
            plaats_datum=when,
            aanhef=greeting,
            telefoon=telefoon,
            afzender=afzender,
            gemeente=gemeente or "…",
        )
        .strip()
        + "\n"
    )
