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
    """Widgets acting on one case at a time.

    Parameters
    ----------
    ctx : PageContext
        Who acts, in which language.
    on_changed : callable
        Called with the case's new board row (a ``dict``) after a successful change.
    fixed : dict, optional
        The board row of the case on a case page; without it the user picks a case from the rows
        given to :meth:`set_choices`.
    """

    def __init__(
        self,
        ctx: PageContext,
        *,
        on_changed: Callable[[dict[str, Any]], None],
        fixed: dict[str, Any] | None = None,
    ) -> None:
        self.ctx = ctx
        self.lang = lang = ctx.lang
        self.gw = ctx.env.gateway
        self.on_changed = on_changed
        self.rows: dict[int, dict[str, Any]] = {}
        self.fixed = fixed is not None
        self.result = pn.pane.HTML("", sizing_mode="stretch_width", margin=(8, 10))

        self.case_select = pn.widgets.Select(label=t("action_case", lang), options={}, width=360)
        self.case_select.param.watch(lambda _e: self._update_controls(), "value")

        self.take_btn = pn.widgets.Button(label=t("action_take", lang), color="primary")
        self.take_btn.on_click(lambda _e: self._run(self._take))

        self.assign_to = pn.widgets.Select(label=t("action_assign_to", lang), options=[])
        self.assign_btn = pn.widgets.Button(label=t("action_assign", lang), color="default")
        self.assign_btn.on_click(lambda _e: self._run(self._assign))

        self.target = pn.widgets.Select(label=t("action_new_state", lang), options={})
        self.reason = pn.widgets.TextInput(
            label=t("action_reason", lang), placeholder=t("action_reason_hint", lang)
        )
        self.transition_btn = pn.widgets.Button(label=t("action_transition", lang), color="primary")
        self.transition_btn.on_click(lambda _e: self._run(self._transition))

        reasons = self.gw.override_reasons(lang)
        self.skip_reason = pn.widgets.Select(
            label=t("action_skip_reason", lang), options={v: k for k, v in reasons.items()}
        )
        self.skip_text = pn.widgets.TextInput(
            label=t("action_skip_text", lang), placeholder=t("action_skip_text_hint", lang)
        )
        self.skip_btn = pn.widgets.Button(label=t("action_skip", lang), color="primary")
        self.skip_btn.on_click(lambda _e: self._run(self._skip))

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
        options = {self._option_label(r): cid for cid, r in self.rows.items()}
        current = self.case_select.value
        self.case_select.options = options
        if current in self.rows:
            self.case_select.value = current
        elif self.rows:
            self.case_select.value = next(iter(self.rows))
        else:
            self.case_select.value = None
        self._update_controls()

    def _option_label(self, row: dict[str, Any]) -> str:
        state = self.gw.state_label(row["state"], self.lang)
        rank = row.get("rank")
        rank_text = (
            "" if rank is None or pd.isna(rank) else f" · {t('col_rank', self.lang)} {int(rank)}"
        )
        return f"{t('case_link', self.lang, id=row['case_id'])} · {state}{rank_text}"

    def _current(self) -> dict[str, Any] | None:
        cid = self.case_select.value
        return self.rows.get(int(cid)) if cid is not None else None

    def _update_controls(self) -> None:
        row = self._current()
        state = row["state"] if row else None
        can = self.ctx.can
        self.take_btn.visible = can(Action.TAKE_CASE)
        self.take_btn.disabled = state != State.PROPOSED.value
        self.assign_to.visible = self.assign_btn.visible = can(Action.ASSIGN_CASE)
        if can(Action.ASSIGN_CASE) and not self.assign_to.options:
            self.assign_to.options = self.gw.team_members(self.ctx.account)
        self.assign_btn.disabled = row is None
        targets = [s for s in allowed_targets(state) if s is not State.CLOSED] if state else []
        self.target.options = {self.gw.state_label(s.value, self.lang): s.value for s in targets}
        self.transition_btn.disabled = not targets
        show_skip = can(Action.OVERRIDE)
        for w in (self.skip_reason, self.skip_text, self.skip_btn):
            w.visible = show_skip
        self.skip_btn.disabled = state != State.PROPOSED.value

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
        self.reason.value = ""
        self.skip_text.value = ""
        self._update_controls()
        self.on_changed(new_row)  # the board or page is updated before the result line shows
        self.result.object = result_html(done, "ok")

    def _take(self, row: dict[str, Any]) -> tuple[CaseSummary, str]:
        s = self.gw.take(self.ctx.account, int(row["case_id"]), version=int(row["version"]))
        return s, t("done_take", self.lang, id=s.id)

    def _assign(self, row: dict[str, Any]) -> tuple[CaseSummary, str]:
        to = self.assign_to.value
        if not to:
            raise _UserError(t("action_assign_pick", self.lang))
        s = self.gw.assign(self.ctx.account, int(row["case_id"]), to, version=int(row["version"]))
        return s, t("done_assign", self.lang, id=s.id, user=to)

    def _transition(self, row: dict[str, Any]) -> tuple[CaseSummary, str]:
        target = self.target.value
        s = self.gw.transition(
            self.ctx.account,
            int(row["case_id"]),
            target,
            reason=self.reason.value or "",
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
            reason_code=self.skip_reason.value,
            reason_text=self.skip_text.value or "",
            version=int(row["version"]),
        )
        return s, t("done_skip", self.lang, id=s.id)

    # -- layout ------------------------------------------------------------------------------
    def panel(self, *, heading: str | None = None) -> pn.Column:
        lang = self.lang
        top = f"<h2>{esc(heading)}</h2>" if heading else ""
        parts: list[Any] = []
        if top:
            parts.append(pn.pane.HTML(top, margin=(0, 10)))
        if not self.fixed:
            parts.append(self.case_select)
        parts += [
            pn.Row(self.take_btn, self.assign_to, self.assign_btn),
            pn.pane.HTML(f"<h3>{esc(t('action_transition_title', lang))}</h3>", margin=(0, 10)),
            pn.Row(self.target, self.reason, self.transition_btn),
            pn.pane.HTML(f"<h3>{esc(t('action_skip_title', lang))}</h3>", margin=(0, 10)),
            pn.Row(self.skip_reason, self.skip_text, self.skip_btn),
            self.result,
        ]
        return pn.Column(*parts, sizing_mode="stretch_width")


class _UserError(CaseworkError):
    """A missing choice in the form, shown like casework's own refusals."""

    def __init__(self, text: str) -> None:
        Exception.__init__(self, text)
        self.key = "dashboards"
        self.values = {}
        self._text = text

    def text(self, lang: str | None = None) -> str:
        return self._text
