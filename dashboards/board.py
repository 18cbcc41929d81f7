"""The case board: this month's ranked proposals and the team's open cases by status, with filters,
a capacity meter, deadline warnings, and the actions a worker takes on a case.

All reads and changes go through :class:`dashboards.gateway.CaseworkGateway` (casework's API), so
permissions, team scope, the workflow and the audit trail are enforced there, not here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd
import panel as pn
from panel.io import hold

from casework import Action
from dashboards.actions import CaseActions
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

    def __init__(self, *, name: str, lang: str, on_change: Any) -> None:
        self.page = 1
        self.pages = 1
        self.prev = pn.widgets.Button(label=t("page_prev_of", lang, tabel=name), color="default")
        self.next = pn.widgets.Button(label=t("page_next_of", lang, tabel=name), color="default")
        self.text = ""  # "Pagina 1 van 3", shown in the table's own pane
        self._lang = lang
        self.prev.on_click(lambda _e: self._go(-1, on_change))
        self.next.on_click(lambda _e: self._go(+1, on_change))

    def _go(self, step: int, on_change: Any) -> None:
        self.page = min(max(1, self.page + step), self.pages)
        on_change()

    def slice(self, frame: pd.DataFrame) -> pd.DataFrame:
        self.pages = max(1, math.ceil(len(frame) / PAGE_SIZE))
        self.page = min(self.page, self.pages)
        self.prev.disabled = self.page <= 1
        self.next.disabled = self.page >= self.pages
        self.text = t("page_of", self._lang, page=self.page, pages=self.pages, n=len(frame))
        start = (self.page - 1) * PAGE_SIZE
        return frame.iloc[start : start + PAGE_SIZE]

    def row(self) -> pn.Row:
        return pn.Row(self.prev, self.next)


class BoardView:
    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self.lang = lang = ctx.lang
        gw = ctx.env.gateway
        self.gw = gw
        self.frame = gw.board(ctx.account)
        self.team_capacity = gw.capacity(ctx.account)

        states = gw.open_states()
        self.state_filter = pn.widgets.Select(
            label=t("filter_state", lang),
            options={t("filter_all", lang): ""} | {gw.state_label(s, lang): s for s in states},
            value="",
        )
        self.who_filter = pn.widgets.Select(
            label=t("filter_coordinator", lang),
            options={
                t("filter_all", lang): "",
                t("filter_mine", lang): "mine",
                t("filter_unassigned", lang): "none",
            },
            value="",
        )
        self.deadline_filter = pn.widgets.Select(
            label=t("filter_deadline", lang),
            options={t("filter_all", lang): "", t("filter_deadline_due", lang): "due"},
            value="",
        )
        self.search = pn.widgets.TextInput(
            label=t("filter_search", lang), placeholder=t("filter_search_hint", lang)
        )
        for w in (self.state_filter, self.who_filter, self.deadline_filter):
            w.param.watch(lambda _e: self._reset_and_refresh(), "value")
        self.search.param.watch(lambda _e: self._reset_and_refresh(), "value")

        self.overview = pn.pane.HTML("", sizing_mode="stretch_width")
        self.proposals = pn.pane.HTML("", sizing_mode="stretch_width")
        self.open_cases = pn.pane.HTML("", sizing_mode="stretch_width")
        self.proposal_pager = _Pager(
            name=t("proposals_title", lang), lang=lang, on_change=self.refresh
        )
        self.open_pager = _Pager(name=t("open_title", lang), lang=lang, on_change=self.refresh)
        self.actions = CaseActions(ctx, on_changed=self._case_changed)
        self.refresh()

    # -- data --------------------------------------------------------------------------------
    def _filtered(self) -> pd.DataFrame:
        f = self.frame
        if f.empty:
            return f
        if self.state_filter.value:
            f = f[f["state"] == self.state_filter.value]
        if self.who_filter.value == "mine":
            f = f[f["coordinator"] == self.ctx.account.username]
        elif self.who_filter.value == "none":
            f = f[f["coordinator"].isna()]
        if self.deadline_filter.value:
            f = f[f["deadline_status"].isin(["bijna", "te_laat"])]
        query = (self.search.value or "").strip().lower()
        if query:
            f = f[
                f["case_id"].astype(str).eq(query.lstrip("#"))
                | f["household_id"].fillna("").str.lower().str.contains(query, regex=False)
            ]
        return f

    def _case_changed(self, row: dict[str, Any]) -> None:
        """Patch the one changed case into the board (no reload of all cases)."""
        frame = self.frame[self.frame["case_id"] != row["case_id"]]
        if row["state"] != "closed":
            frame = pd.concat(
                [frame, pd.DataFrame([row], columns=frame.columns)], ignore_index=True
            )
        self.frame = self.gw.sort_board(frame)
        self.refresh()

    def _reset_and_refresh(self) -> None:
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

        # Few panes, each with its heading: every pane is a model the browser must build.
        self.overview.object = (
            '<div style="display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start">'
            f"{_capacity_html(self.team_capacity, len(all_rows), lang)}"
            f"{_warnings_html(all_rows, lang)}</div>"
            f"{_summary_html(all_rows, lang, self.gw)}"
            f"{self._workload_html(all_rows)}"
            f"<h2>{esc(t('filters_title', lang))}</h2>"
        )
        page = self.proposal_pager.slice(proposed)
        self.proposals.object = f"<h2>{esc(t('proposals_title', lang))}</h2>" + (
            html_table(
                page,
                self._columns(proposals=True),
                caption=t("proposals_caption", lang, n=len(proposed)),
                table_id="voorstellen",
            )
            + f"<p>{esc(self.proposal_pager.text)}</p>"
            if len(page)
            else f"<p>{esc(t('proposals_none', lang))}</p>"
        )
        page2 = self.open_pager.slice(others)
        self.open_cases.object = f"<h2>{esc(t('open_title', lang))}</h2>" + (
            html_table(
                page2,
                self._columns(proposals=False),
                caption=t("open_caption", lang, n=len(others)),
                table_id="open-zaken",
            )
            + f"<p>{esc(self.open_pager.text)}</p>"
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
        members = self.gw.team_members(self.ctx.account)
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
        filters = pn.Row(self.state_filter, self.who_filter, self.search, self.deadline_filter)
        return [
            *intro,
            self.overview,
            filters,
            self.proposals,
            self.proposal_pager.row(),
            self.open_cases,
            self.open_pager.row(),
            self.actions.panel(heading=t("actions_title", lang)),
        ]


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
