"""The actions on one case, shared by the board and the case page: take it, assign it, change its
status with a reason, and skip a proposal (an override of the ranking) with a reason.

Every action goes to casework, which checks the role, the team, the workflow and the version the
user saw; a refusal is shown in the user's language and nothing changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
import panel as pn
from panel.io import hold

from casework import Action, CaseworkError
from casework.states import State, allowed_targets
from dashboards.form import NativeForm
from dashboards.gateway import summary_row
from dashboards.layout import esc
from dashboards.messages import t

if TYPE_CHECKING:
    from casework import CaseSummary
    from dashboards.server import PageContext

__all__ = ["CaseActions", "result_html"]

log = logging.getLogger(__name__)

_STYLES = {
    "ok": "background:#e6f4ea;color:#0f4a1f;border-left:4px solid #1e7b34",
    "error": "background:#fde8e8;color:#8a1212;border-left:4px solid #b00020",
    "info": "background:#e8f0fa;color:#0b2e55;border-left:4px solid #154273",
}


def result_html(text: str, kind: str) -> str:
    """A status line for the result of an action (read out by screen readers)."""
    role = "alert" if kind == "error" else "status"
    return (
        f'<p role="{role}" class="vs-result vs-result-{kind}" style="{_STYLES[kind]};'
        f'padding:0.5rem 0.75rem;margin:0">{esc(text)}</p>'
    )


class CaseActions:
    """The controls acting on one case at a time, as one :class:`~dashboards.form.NativeForm`.

    Parameters
    ----------
    ctx : PageContext
        Who acts, in which language.
    on_changed : callable
        Called with the case's new board row (a ``dict``) after a successful change.
    fixed : dict, optional
        The board row of the case on a case page; without it the user picks a case from the rows
        given to :meth:`set_choices`.
    heading : str, optional
        A heading shown above the controls.
    form : NativeForm, optional
        A form the page shares between its parts (one model for the whole board); the page
        then draws it with :attr:`groups` from its ``redraw`` callback.
    redraw : callable, optional
        Called instead of drawing :attr:`form` alone when the controls change.
    """

    def __init__(
        self,
        ctx: PageContext,
        *,
        on_changed: Callable[[dict[str, Any]], None],
        fixed: dict[str, Any] | None = None,
        heading: str | None = None,
        form: NativeForm | None = None,
        redraw: Callable[[], None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.lang = ctx.lang
        self.gw = ctx.env.gateway
        self.on_changed = on_changed
        self.rows: dict[int, dict[str, Any]] = {}
        self.fixed = fixed is not None
        self.heading = heading
        self.result = pn.pane.HTML("", sizing_mode="stretch_width", margin=(8, 10))
        self.form = form if form is not None else NativeForm(sizing_mode="stretch_width")
        self.groups: list[dict[str, Any]] = []
        self._drawn = False
        self._redraw = redraw
        self._members: list[str] | None = None
        self._reasons = self.gw.override_reasons(self.lang)
        self.form.on_change("case", lambda _v: self._update_controls())
        self.form.on_click("take", lambda: self._run(self._take))
        self.form.on_click("assign", lambda: self._run(self._assign))
        self.form.on_click("transition", lambda: self._run(self._transition))
        self.form.on_click("skip", lambda: self._run(self._skip))
        if fixed is not None:
            self.set_choices(pd.DataFrame([fixed]))
        else:
            self._update_controls()

    # -- choices -----------------------------------------------------------------------------
    def set_choices(self, frame: pd.DataFrame) -> None:
        """The cases the user can pick (the rows visible on the board)."""
        self.rows = {
            int(r["case_id"]): {str(k): v for k, v in r.items()} for r in frame.to_dict("records")
        }
        current = self._current_id()
        if current not in self.rows:
            self.form.values["case"] = str(next(iter(self.rows))) if self.rows else ""
        self._update_controls()

    def _option_label(self, row: dict[str, Any]) -> str:
        state = self.gw.state_label(row["state"], self.lang)
        rank = row.get("rank")
        rank_text = (
            "" if rank is None or pd.isna(rank) else f" · {t('col_rank', self.lang)} {int(rank)}"
        )
        return f"{t('case_link', self.lang, id=row['case_id'])} · {state}{rank_text}"

    def _current_id(self) -> int | None:
        raw = self.form.value("case")
        return int(raw) if raw.isdigit() else None

    def _current(self) -> dict[str, Any] | None:
        cid = self._current_id()
        return self.rows.get(cid) if cid is not None else None

    def _update_controls(self) -> None:
        """Redraw the controls for the chosen case and the user's role."""
        self._drawn = True
        self.groups = self._groups()
        if self._redraw is not None:
            self._redraw()
        else:
            self.form.draw(self.groups)

    def _groups(self) -> list[dict[str, Any]]:
        lang, can, values = self.lang, self.ctx.can, self.form.values
        row = self._current()
        state = row["state"] if row else None
        groups: list[dict[str, Any]] = []
        first: list[dict[str, Any]] = []
        if not self.fixed:
            options = [[str(cid), self._option_label(r)] for cid, r in self.rows.items()]
            first.append(_select("case", t("action_case", lang), options, values, wide=True))
        if can(Action.TAKE_CASE):
            first.append(
                _button("take", t("action_take", lang), disabled=state != State.PROPOSED.value)
            )
        if can(Action.ASSIGN_CASE):
            if self._members is None:
                self._members = self.gw.team_members(self.ctx.account)
            members = [[m, m] for m in self._members]
            first.append(_select("assign_to", t("action_assign_to", lang), members, values))
            first.append(
                _button("assign", t("action_assign", lang), disabled=row is None, primary=False)
            )
        groups.append({"title": self.heading or "", "level": 2, "items": first})

        targets = [s for s in allowed_targets(state) if s is not State.CLOSED] if state else []
        target_options = [[s.value, self.gw.state_label(s.value, lang)] for s in targets]
        groups.append(
            {
                "title": t("action_transition_title", lang),
                "level": 3,
                "items": [
                    _select("target", t("action_new_state", lang), target_options, values),
                    _text(
                        "reason", t("action_reason", lang), t("action_reason_hint", lang), values
                    ),
                    _button("transition", t("action_transition", lang), disabled=not targets),
                ],
            }
        )
        if can(Action.OVERRIDE):
            reasons = [[code, text] for code, text in self._reasons.items()]
            groups.append(
                {
                    "title": t("action_skip_title", lang),
                    "level": 3,
                    "items": [
                        _select("skip_reason", t("action_skip_reason", lang), reasons, values),
                        _text(
                            "skip_text",
                            t("action_skip_text", lang),
                            t("action_skip_text_hint", lang),
                            values,
                        ),
                        _button(
                            "skip", t("action_skip", lang), disabled=state != State.PROPOSED.value
                        ),
                    ],
                }
            )
        return groups

    # -- actions -----------------------------------------------------------------------------
    def _run(self, action: Callable[[dict[str, Any]], tuple[CaseSummary, str]]) -> None:
        with hold():  # one websocket message for all the changes below
            self._act(action)

    def _act(self, action: Callable[[dict[str, Any]], tuple[CaseSummary, str]]) -> None:
        row = self._current()
        if row is None:
            self.result.object = result_html(t("action_pick_first", self.lang), "error")
            return
        if not self.ctx.session_valid():
            self.result.object = result_html(t("session_expired", self.lang), "error")
            return
        try:
            summary, done = action(row)
        except CaseworkError as err:
            self.result.object = result_html(err.text(self.lang), "error")
            return
        except Exception as err:  # shown, not swallowed: the user must know it did not work
            log.exception("case action failed")
            self.result.object = result_html(
                t("error_generic", self.lang, detail=str(err)), "error"
            )
            return
        new_row = summary_row(summary)
        self.rows[summary.id] = new_row
        self.form.values["reason"] = ""
        self.form.values["skip_text"] = ""
        self._drawn = False
        self.on_changed(new_row)  # the board or page is updated before the result line shows
        if not self._drawn:  # the board redraws the controls with its tables
            self._update_controls()
        self.result.object = result_html(done, "ok")

    def _take(self, row: dict[str, Any]) -> tuple[CaseSummary, str]:
        s = self.gw.take(self.ctx.account, int(row["case_id"]), version=int(row["version"]))
        return s, t("done_take", self.lang, id=s.id)

    def _assign(self, row: dict[str, Any]) -> tuple[CaseSummary, str]:
        to = self.form.value("assign_to")
        if not to:
            raise _UserError(t("action_assign_pick", self.lang))
        s = self.gw.assign(self.ctx.account, int(row["case_id"]), to, version=int(row["version"]))
        return s, t("done_assign", self.lang, id=s.id, user=to)

    def _transition(self, row: dict[str, Any]) -> tuple[CaseSummary, str]:
        target = self.form.value("target")
        s = self.gw.transition(
            self.ctx.account,
            int(row["case_id"]),
            target,
            reason=self.form.value("reason"),
            version=int(row["version"]),
        )
        return s, t(
            "done_transition",
            self.lang,
            id=s.id,
            state=self.gw.state_label(s.state.value, self.lang),
        )

    def _skip(self, row: dict[str, Any]) -> tuple[CaseSummary, str]:
        s = self.gw.skip(
            self.ctx.account,
            int(row["case_id"]),
            reason_code=self.form.value("skip_reason"),
            reason_text=self.form.value("skip_text"),
            version=int(row["version"]),
        )
        return s, t("done_skip", self.lang, id=s.id)

    # -- layout ------------------------------------------------------------------------------
    def parts(self) -> list[Any]:
        """The form and its result line, to place in a page's body."""
        return [self.form, self.result]

    def panel(self) -> pn.Column:
        return pn.Column(*self.parts(), sizing_mode="stretch_width")


def _select(
    name: str,
    label: str,
    options: list[list[str]],
    values: dict[str, str],
    *,
    wide: bool = False,
) -> dict[str, Any]:
    """A select whose value is the user's last choice, or the first option (and remembered)."""
    known = {value for value, _ in options}
    if values.get(name) not in known:
        values[name] = options[0][0] if options else ""
    return {
        "kind": "select",
        "name": name,
        "label": label,
        "options": options,
        "value": values[name],
        "wide": wide,
    }


def _text(name: str, label: str, placeholder: str, values: dict[str, str]) -> dict[str, Any]:
    return {
        "kind": "text",
        "name": name,
        "label": label,
        "placeholder": placeholder,
        "value": values.get(name, ""),
    }


def _button(name: str, label: str, *, disabled: bool, primary: bool = True) -> dict[str, Any]:
    return {
        "kind": "button",
        "name": name,
        "label": label,
        "disabled": disabled,
        "primary": primary,
    }


class _UserError(CaseworkError):
    """A missing choice in the form, shown like casework's own refusals."""

    def __init__(self, text: str) -> None:
        Exception.__init__(self, text)
        self.key = "dashboards"
        self.values = {}
        self._text = text

    def text(self, lang: str | None = None) -> str:
        return self._text
