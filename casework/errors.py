"""Errors of the casework layer. Each carries a message key and renders in the user's language."""

from __future__ import annotations

from typing import Any

from casework.messages import message

__all__ = [
    "CaseNotFound",
    "CaseworkError",
    "ConflictError",
    "IllegalTransition",
    "PermissionDenied",
]


class CaseworkError(Exception):
    """A refusal with a clear message. ``str(err)`` is the text in the current language;
    ``err.text(lang)`` renders it in another one; ``err.key`` identifies the message."""

    def __init__(self, key: str, /, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(message(key, **values))

    def text(self, lang: str | None = None) -> str:
        return message(self.key, lang, **self.values)


class PermissionDenied(CaseworkError):
    """The actor's role or team does not allow the action."""


class IllegalTransition(CaseworkError):
    """The workflow does not allow this change of status."""


class ConflictError(CaseworkError):
    """Optimistic locking: the case changed since the caller read it. Nothing was saved."""


class CaseNotFound(CaseworkError):
    """The case does not exist."""
