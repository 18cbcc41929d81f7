"""User-facing language. Dutch (B1) is the default; English is available.

Each layer keeps its own message catalogue (a ``dict`` of ``key -> {"nl": ..., "en": ...}``) next
to its code and renders it with :func:`translate`. The language comes from the environment
variable ``VROEGSIGNAAL_TAAL`` (``nl`` or ``en``) unless a caller passes one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["LANGUAGES", "current_language", "translate"]

LANGUAGES = ("nl", "en")


def current_language() -> str:
    lang = os.environ.get("VROEGSIGNAAL_TAAL", "nl").strip().lower()
    return lang if lang in LANGUAGES else "nl"


def translate(
    catalogue: Mapping[str, Mapping[str, str]], key: str, lang: str | None = None, **values: object
) -> str:
    """Render message ``key`` of ``catalogue`` in ``lang`` (default: the current language),
    filling ``{placeholders}`` from ``values`` (missing ones render empty). Falls back to Dutch
    when a translation is missing."""
    entry = catalogue[key]
    template = entry.get(lang or current_language()) or entry["nl"]
    return template.format_map(_Blank(values))


class _Blank(dict):
    """Renders a placeholder that was not given as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""
