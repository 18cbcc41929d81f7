"""The case workflow: states, the allowed transitions, and Dutch aliases.

::

    proposed -> assigned -> contact_sought -> in_conversation
        -> help_started | help_declined | no_contact | referred | moved_away -> closed

A proposal can also be closed directly when a worker skips it (an override), a resident objects
(any open state), or the population register shows the household moved out (via ``moved_away``).
Identifiers are English; the Dutch identifiers below are accepted as input everywhere and the UI
shows the labels of :mod:`casework.messages`.
"""

from __future__ import annotations

from enum import StrEnum

from casework.errors import IllegalTransition
from casework.messages import message

__all__ = [
    "DUTCH_IDS",
    "OPEN_STATES",
    "OUTCOME_STATES",
    "TRANSITIONS",
    "State",
    "allowed_targets",
    "check_transition",
    "label",
    "parse_state",
]


class State(StrEnum):
    PROPOSED = "proposed"
    ASSIGNED = "assigned"
    CONTACT_SOUGHT = "contact_sought"
    IN_CONVERSATION = "in_conversation"
    HELP_STARTED = "help_started"
    HELP_DECLINED = "help_declined"
    NO_CONTACT = "no_contact"
    REFERRED = "referred"
    MOVED_AWAY = "moved_away"
    CLOSED = "closed"


#: The states a case can be closed from (the outcome of the case is the state it closed from).
OUTCOME_STATES = frozenset(
    {State.HELP_STARTED, State.HELP_DECLINED, State.NO_CONTACT, State.REFERRED, State.MOVED_AWAY}
)
OPEN_STATES = frozenset(State) - {State.CLOSED}

#: The workflow transitions a worker can make with :func:`casework.cases.transition`.
#: Closing goes through :func:`casework.cases.close` (it needs the outcome form); skipping a
#: proposal and a resident's objection are separate actions with their own records.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.PROPOSED: frozenset({State.ASSIGNED}),
    State.ASSIGNED: frozenset({State.CONTACT_SOUGHT, State.PROPOSED, State.MOVED_AWAY}),
    State.CONTACT_SOUGHT: frozenset({State.IN_CONVERSATION, State.NO_CONTACT, State.MOVED_AWAY}),
    State.IN_CONVERSATION: frozenset(
        {
            State.HELP_STARTED,
            State.HELP_DECLINED,
            State.NO_CONTACT,
            State.REFERRED,
            State.MOVED_AWAY,
        }
    ),
    State.HELP_STARTED: frozenset({State.CLOSED}),
    State.HELP_DECLINED: frozenset({State.CLOSED}),
    State.NO_CONTACT: frozenset({State.CLOSED}),
    State.REFERRED: frozenset({State.CLOSED}),
    State.MOVED_AWAY: frozenset({State.CLOSED}),
    State.CLOSED: frozenset(),
}

#: Dutch identifiers accepted as input (for example on the command line).
DUTCH_IDS: dict[str, State] = {
    "voorgesteld": State.PROPOSED,
    "toegewezen": State.ASSIGNED,
    "contact_gezocht": State.CONTACT_SOUGHT,
    "in_gesprek": State.IN_CONVERSATION,
    "hulp_gestart": State.HELP_STARTED,
    "hulp_afgewezen": State.HELP_DECLINED,
    "geen_contact": State.NO_CONTACT,
    "doorverwezen": State.REFERRED,
    "verhuisd": State.MOVED_AWAY,
    "afgesloten": State.CLOSED,
}


def parse_state(value: str | State) -> State:
    """The state named by an English or Dutch identifier (case and spaces tolerated)."""
    if isinstance(value, State):
        return value
    key = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if key in DUTCH_IDS:
        return DUTCH_IDS[key]
    try:
        return State(key)
    except ValueError:
        choices = ", ".join(s.value for s in State)
        raise IllegalTransition("error.unknown_state", state=value, keuzes=choices) from None


def label(state: State | str, lang: str | None = None) -> str:
    """The UI label of a state (Dutch by default)."""
    return message(f"state.{parse_state(state).value}", lang)


def allowed_targets(state: State | str) -> frozenset[State]:
    return TRANSITIONS[parse_state(state)]


def check_transition(current: State | str, target: State | str) -> None:
    """Raise :class:`IllegalTransition` with a clear message unless ``current -> target`` is a
    workflow transition."""
    src, dst = parse_state(current), parse_state(target)
    allowed = TRANSITIONS[src]
    if dst not in allowed:
        names = ", ".join(sorted(f"'{label(s)}'" for s in allowed)) or "-"
        raise IllegalTransition(
            "error.illegal_transition", van=label(src), naar=label(dst), toegestaan=names
        )
