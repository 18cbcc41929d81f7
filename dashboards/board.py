"""The case board: this month's ranked proposals and the team's open cases by status, with filters,
a capacity meter, deadline warnings, and the actions a worker takes on a case.

All reads and changes go through :class:`dashboards.gateway.CaseworkGateway` (casework's API), so
permissions, team scope, the workflow and the audit trail are enforced there, not here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd
from panel.io import hold

from casework import Action
from dashboards.actions import CaseActions, result_html
from dashboards.form import NativeForm
from dashboards.layout import callout, esc
from dashboards.messages import t
from dashboards.tables import Column, Row, html_table

if TYPE_CHECKING:
    from dashboards.server import PageContext

__all__ = ["PAGE_SIZE", "BoardView", "board_view"]

PAGE_SIZE = 25


def board_view(ctx: PageContext) -> list[Any]:
    return BoardView(ctx).panels()


class _Pager:
    """Server-side pagination of one table: only ``PAGE_SIZE`` rows reach the browser."""

    def __init__(self, *, key: str, name: str, lang: str) -> None:
        self.key = key  # prefix of the button names in the board's form
        self.page = 1
        self.pages = 1
        self.rows = 0
        self._name = name
        self._lang = lang

    def connect(self, form: NativeForm, on_change: Any) -> None:
        form.on_click(f"{self.key}_prev", lambda: self._go(-1, on_change))
        form.on_click(f"{self.key}_next", lambda: self._go(+1, on_change))

    def _go(self, step: int, on_change: Any) -> None:
        self.page = min(max(1, self.page + step), self.pages)
        on_change()

    def slice(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of the current page of ``frame``."""
        self.rows = len(frame)
        self.pages = max(1, math.ceil(len(frame) / PAGE_SIZE))
        self.page = min(self.page, self.pages)
        start = (self.page - 1) * PAGE_SIZE
        return frame.iloc[start : start + PAGE_SIZE]

    def items(self) -> list[dict[str, Any]]:
        """Its two buttons and the "page 1 of 3" line, for the board's form."""
        lang, name = self._lang, self._name
        return [
            {
                "kind": "button",
                "name": f"{self.key}_prev",
                "label": t("page_prev_of", lang, tabel=name),
                "disabled": self.page <= 1,
            },
            {
                "kind": "button",
                "name": f"{self.key}_next",
                "label": t("page_next_of", lang, tabel=name),
                "disabled": self.page >= self.pages,
            },
            {
                "kind": "note",
                "label": t("page_of", lang, page=self.page, pages=self.pages, n=self.rows),
            },
        ]


class BoardView:
    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self.lang = lang = ctx.lang
        gw = ctx.env.gateway
        self.gw = gw
        self.frame = gw.board(ctx.account)
        self.team_capacity = gw.capacity(ctx.account)

        # The whole board (overview, filters, both tables with their pagers, the actions) is ONE
        # form model: every model is built, sent and laid out separately, which dominated the
        # render time (docs/benchmarks.md, "Dashboards"). Only the result line is separate.
        self.form = NativeForm(sizing_mode="stretch_width")
        self._ready = False
        self._members: list[str] | None = None
        for name in ("state", "who", "search", "deadline"):
            self.form.on_change(name, lambda _v: self._reset_and_refresh())
        self.proposal_pager = _Pager(key="prop", name=t("proposals_title", lang), lang=lang)
        self.open_pager = _Pager(key="open", name=t("open_title", lang), lang=lang)
        for pager in (self.proposal_pager, self.open_pager):
            pager.connect(self.form, self._user_refresh)
        self._overview = self._proposals = self._open = ""
        self.actions = CaseActions(
            ctx,
            on_changed=self._case_changed,
            heading=t("actions_title", lang),
            form=self.form,
            redraw=self._draw,
        )
        self._ready = True
        self.refresh()

    def _draw(self) -> None:
        """Draw the board's form from its parts (after any of them changed)."""
        if not self._ready:
            return
        self.form.draw(
            [
                {"html": self._overview, "items": self._filter_items()},
                {"html": self._proposals, "items": self.proposal_pager.items()},
                {"html": self._open, "items": self.open_pager.items()},
                *self.actions.groups,
            ]
        )

    def _filter_items(self) -> list[dict[str, Any]]:
        lang, gw = self.lang, self.gw
        every = ["", t("filter_all", lang)]
        states = [every] + [[s, gw.state_label(s, lang)] for s in gw.open_states()]
        who = [every, ["mine", t("filter_mine", lang)], ["none", t("filter_unassigned", lang)]]
        deadline = [every, ["due", t("filter_deadline_due", lang)]]
        value = self.form.value
        return [
            _choice("state", t("filter_state", lang), states, value("state")),
            _choice("who", t("filter_coordinator", lang), who, value("who")),
            {
                "kind": "text",
                "name": "search",
                "label": t("filter_search", lang),
                "placeholder": t("filter_search_hint", lang),
                "value": value("search"),
            },
            _choice("deadline", t("filter_deadline", lang), deadline, value("deadline")),
        ]

    # -- data --------------------------------------------------------------------------------
    def _filtered(self) -> pd.DataFrame:
        f = self.frame
        if f.empty:
            return f
        value = self.form.value
        if value("state"):
            f = f[f["state"] == value("state")]
        if value("who") == "mine":
            f = f[f["coordinator"] == self.ctx.account.username]
        elif value("who") == "none":
            f = f[f["coordinator"].isna()]
        if value("deadline"):
            f = f[f["deadline_status"].isin(["bijna", "te_laat"])]
        query = value("search").strip().lower()
        if query:
            f = f[
                f["case_id"].astype(str).eq(query.lstrip("#"))
                | f["household_id"].fillna("").str.lower().str.contains(query, regex=False)
            ]
        return f

    def _case_changed(self, row: dict[str, Any]) -> None:
        """Show the team's board with the changed case (the gateway has patched it into the
        team's snapshot, which also brings other sessions' changes; no reload of all cases)."""
        frame = self.gw.board(self.ctx.account)
        shown = frame.loc[frame["case_id"] == row["case_id"], "version"]
        if row["state"] == "closed":
            frame = frame[frame["case_id"] != row["case_id"]]
        elif shown.empty or int(shown.iloc[0]) < int(row["version"]):  # no snapshot to patch
            rest = frame[frame["case_id"] != row["case_id"]]
            added = pd.DataFrame([row], columns=frame.columns)
            frame = self.gw.sort_board(pd.concat([rest, added], ignore_index=True))
        self.frame = frame
        self.refresh()

    def _session_lost(self) -> bool:
        """True (and the page says so) when the login is no longer valid: a refresh the user asks
        for (page, filter) can show cases the browser has not been sent yet."""
        if self.ctx.session_valid():
            return False
        self.actions.result.object = result_html(t("session_expired", self.lang), "error")
        return True

    def _user_refresh(self) -> None:
        if not self._session_lost():
            self.refresh()

    def _reset_and_refresh(self) -> None:
        if self._session_lost():
            return
        self.proposal_pager.page = 1
        self.open_pager.page = 1
        self.refresh()

    # -- rendering ---------------------------------------------------------------------------
    def _columns(self, *, proposals: bool) -> list[Column]:
        lang = self.lang
        gw = self.gw

        def link(value: Any, _row: Row) -> str:
            label = esc(t("case_link", lang, id=value))
            return f'<a href="/zaak?id={int(value)}&amp;taal={lang}">{label}</a>'

        def state(value: Any, _row: Row) -> str:
            return esc(gw.state_label(value, lang))

        def deadline(value: Any, row: Row) -> str:
            if value is None or value == "geen":
                return esc(gw.deadline_label("geen", lang))
            due = row.get("deadline_date")
            due_text = (
                f" ({esc(pd.Timestamp(due).strftime('%d-%m-%Y'))})"
                if due is not None and not pd.isna(due)
                else ""
            )
            badge = esc(gw.deadline_label(value, lang))
            return f'<span class="vs-badge vs-{esc(value)}">{badge}</span>{due_text}'

        def score(value: Any, _row: Row) -> str:
            return "" if value is None or pd.isna(value) else esc(f"{float(value):.2f}")

        def who(value: Any, _row: Row) -> str:
            return esc(value) if value else esc(t("nobody", lang))

        cols = [Column("case_id", t("col_case", lang), link)]
        if proposals:
            cols += [
                Column("rank", t("col_rank", lang), numeric=True),
                Column("score", t("col_score", lang), score, numeric=True),
                Column(
                    "month",
                    t("col_month", lang),
                    lambda v, _r: esc(pd.Timestamp(v).strftime("%Y-%m")),
                ),
            ]
        cols += [
            Column("state", t("col_state", lang), state),
            Column("coordinator", t("col_coordinator", lang), who),
            Column("deadline_status", t("col_deadline", lang), deadline),
        ]
        return cols

    def refresh(self) -> None:
        with hold():  # one websocket message for the whole update
            self._refresh()

    def _refresh(self) -> None:
        lang = self.lang
        all_rows = self.frame
        filtered = self._filtered()
        proposed = filtered[filtered["state"] == "proposed"] if not filtered.empty else filtered
        others = filtered[filtered["state"] != "proposed"] if not filtered.empty else filtered

        self._overview = (
            '<div style="display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start">'
            f"{_capacity_html(self.team_capacity, len(all_rows), lang)}"
            f"{_warnings_html(all_rows, lang)}</div>"
            f"{_summary_html(all_rows, lang, self.gw)}"
            f"{self._workload_html(all_rows)}"
            f"<h2>{esc(t('filters_title', lang))}</h2>"
        )
        page = self.proposal_pager.slice(proposed)
        self._proposals = f"<h2>{esc(t('proposals_title', lang))}</h2>" + (
            html_table(
                page,
                self._columns(proposals=True),
                caption=t("proposals_caption", lang, n=len(proposed)),
                table_id="voorstellen",
            )
            if len(page)
            else f"<p>{esc(t('proposals_none', lang))}</p>"
        )
        page2 = self.open_pager.slice(others)
        self._open = f"<h2>{esc(t('open_title', lang))}</h2>" + (
            html_table(
                page2,
                self._columns(proposals=False),
                caption=t("open_caption", lang, n=len(others)),
                table_id="open-zaken",
            )
            if len(page2)
            else f"<p>{esc(t('open_none', lang))}</p>"
        )
        visible = pd.concat([page, page2])
        self.actions.set_choices(visible)

    def _workload_html(self, frame: pd.DataFrame) -> str:
        """Open cases per coordinator against the team's norm (for team leads, who assign)."""
        if not self.ctx.can(Action.ASSIGN_CASE) or frame.empty or self.team_capacity is None:
            return ""
        norm = self.team_capacity.cases_per_worker
        counts = frame["coordinator"].dropna().value_counts()
        if self._members is None:  # read once per page, not on every refresh
            self._members = self.gw.team_members(self.ctx.account)
        members = self._members
        rows = pd.DataFrame({"worker": members, "open": [int(counts.get(m, 0)) for m in members]})
        rows["status"] = [
            t("workload_over", self.lang) if n > norm else t("workload_ok", self.lang)
            for n in rows["open"]
        ]
        cols = [
            Column("worker", t("col_worker", self.lang)),
            Column("open", t("col_open_cases", self.lang), numeric=True),
            Column("status", t("col_norm", self.lang, norm=norm)),
        ]
        return html_table(rows, cols, caption=t("workload_caption", self.lang))

    def panels(self) -> list[Any]:
        lang = self.lang
        if self.frame.empty:
            intro: list[Any] = [callout(t("no_data", lang, detail=t("board_empty", lang)))]
        else:
            intro = []
        return [*intro, *self.actions.parts()]


def _choice(name: str, label: str, options: list[list[str]], value: str) -> dict[str, Any]:
    return {"kind": "select", "name": name, "label": label, "options": options, "value": value}


def _capacity_html(cap: Any, open_cases: int, lang: str) -> str:
    """A labelled ``meter``: open cases against workers x cases per worker."""
    capacity = cap.worker_capacity if cap is not None else 0
    if not capacity:
        return f"<p>{esc(t('capacity_unknown', lang))}</p>"
    pct = min(100, round(100 * open_cases / capacity))
    label = t("capacity_label", lang, open=open_cases, capacity=capacity, workers=cap.workers)
    return (
        '<div><label for="capacity-meter" style="font-weight:600">'
        f"{esc(t('capacity_title', lang))}</label><br>"
        f'<meter id="capacity-meter" min="0" max="{capacity}" low="{int(capacity * 0.8)}" '
        f'high="{capacity}" optimum="{int(capacity * 0.5)}" value="{open_cases}" '
        f'style="width:16rem;height:1.2rem">{pct}%</meter> '
        f"<span>{esc(label)}</span></div>"
    )


def _warnings_html(frame: pd.DataFrame, lang: str) -> str:
    if frame.empty:
        return ""
    overdue = int((frame["deadline_status"] == "te_laat").sum())
    soon = int((frame["deadline_status"] == "bijna").sum())
    threatening = int(frame["threatening"].fillna(False).astype(bool).sum())
    if not (overdue or soon):
        return f'<p role="status">{esc(t("deadline_all_ok", lang))}</p>'
    text = t("deadline_warning", lang, overdue=overdue, soon=soon, threatening=threatening)
    return (
        '<p role="status" style="background:#fff4d6;color:#4d3800;border-left:4px solid #a86b00;'
        f'padding:0.5rem 0.75rem;margin:0">{esc(text)}</p>'
    )


def _summary_html(frame: pd.DataFrame, lang: str, gw: Any) -> str:
    if frame.empty:
        return ""
    counts = frame.groupby("state").size()
    items = "".join(
        f"<li>{esc(gw.state_label(state, lang))}: <strong>{int(counts[state])}</strong></li>"
        for state in gw.open_states()
        if state in counts.index
    )
    return (
        f'<h2 style="font-size:1.1rem">{esc(t("by_state_title", lang))}</h2>'
        '<ul style="display:flex;flex-wrap:wrap;gap:1.25rem;list-style:none;padding:0">'
        f"{items}</ul>"
    )
