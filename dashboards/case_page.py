"""The case page (``/zaak?id=N``): who the household is, its arrears per agency over time, the
reasons in plain Dutch, notes, the actions, the outcome form and the invitation letter.

Opening it is a read of personal data: casework logs it (who, when, which case and persons).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pandas as pd
import panel as pn

from casework import OUTCOME_STATES, Action, CaseworkError, State
from dashboards.actions import CaseActions, result_html
from dashboards.charts import contribution_chart, line_chart
from dashboards.gateway import summary_row
from dashboards.layout import callout, esc, heading, no_data, session_arg
from dashboards.letter import draft_letter
from dashboards.messages import t
from dashboards.serving import arrears_timeline
from dashboards.tables import Column, html_table, money

if TYPE_CHECKING:
    from casework import CaseDetail
    from dashboards.server import PageContext

__all__ = ["case_view"]

log = logging.getLogger(__name__)

AGENCIES = ("cjib", "cak", "duo", "bd")


def _agency_names() -> dict[str, str]:
    from signals.sources import load_sources

    return {bron: f"{s.naam} ({bron.upper()})" for bron, s in load_sources().items()}


def case_view(ctx: PageContext) -> list[Any]:
    lang = ctx.lang
    raw_id = session_arg("id")
    if raw_id is None or not raw_id.strip().isdigit():
        return [callout(t("case_no_id", lang), kind="error", role="alert")]
    try:
        detail = ctx.env.gateway.case(ctx.account, int(raw_id))
    except CaseworkError as err:
        return [callout(err.text(lang), kind="error", role="alert")]
    return CasePage(ctx, detail).panels()


class CasePage:
    def __init__(self, ctx: PageContext, detail: CaseDetail) -> None:
        self.ctx = ctx
        self.lang = ctx.lang
        self.detail = detail
        self.row = summary_row(detail.summary)
        self.status = pn.pane.HTML(self._status_html(), sizing_mode="stretch_width")
        self.actions = CaseActions(ctx, on_changed=self._changed, fixed=self.row)

    def _changed(self, row: dict[str, Any]) -> None:
        self.row = row
        self.status.object = self._status_html()
        self.close_form_visible(row["state"])

    # -- summary -----------------------------------------------------------------------------
    def _status_html(self) -> str:
        lang, row, gw = self.lang, self.row, self.ctx.env.gateway
        due = row.get("deadline_date")
        due_text = "" if due is None or pd.isna(due) else pd.Timestamp(due).strftime("%d-%m-%Y")
        items = [
            (t("col_state", lang), gw.state_label(row["state"], lang)),
            (t("col_coordinator", lang), row.get("coordinator") or t("nobody", lang)),
            (
                t("col_deadline", lang),
                f"{gw.deadline_label(row['deadline_status'], lang)} {due_text}".strip(),
            ),
            (
                t("col_rank", lang),
                ""
                if row.get("rank") is None or pd.isna(row.get("rank"))
                else str(int(row["rank"])),
            ),
            (t("col_month", lang), pd.Timestamp(row["month"]).strftime("%Y-%m")),
            (t("case_household", lang), row.get("household_id") or ""),
        ]
        dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
        return (
            '<dl id="zaak-status" style="display:grid;grid-template-columns:max-content auto;'
            f'gap:0.2rem 1rem;margin:0.5rem 10px">{dl}</dl>'
            "<style>#zaak-status dt{font-weight:600}#zaak-status dd{margin:0}</style>"
        )

    def _persons(self) -> Any:
        lang = self.lang
        if not self.detail.persons:
            return callout(t("case_no_persons", lang))
        frame = pd.DataFrame([p.__dict__ for p in self.detail.persons])
        cols = [
            Column("naam", t("person_name", lang)),
            Column("adres", t("person_address", lang)),
            Column("postcode", t("person_postcode", lang)),
            Column("woonplaats", t("person_city", lang)),
            Column("telefoon", t("person_phone", lang)),
        ]
        return pn.pane.HTML(
            html_table(frame, cols, caption=t("persons_caption", lang)), sizing_mode="stretch_width"
        )

    # -- arrears -----------------------------------------------------------------------------
    def _arrears(self) -> list[Any]:
        lang = self.lang
        hh = self.row.get("household_id")
        serving = self.ctx.env.serving
        names = _agency_names()
        out: list[Any] = [heading(t("arrears_title", lang))]
        timeline = arrears_timeline(serving, household_id=hh) if hh else None
        if timeline is None or timeline.empty:
            out.append(no_data(lang, t("arrears_none", lang)))
        else:
            fig = line_chart(
                timeline,
                x="month",
                y="achterstand_cent",
                series="bron",
                title=t("arrears_chart", lang),
                y_label=t("euro", lang),
                labels={k: k.upper() for k in names},
                scale=100,
            )
            out.append(pn.pane.Bokeh(fig, sizing_mode="stretch_width"))
            latest = timeline[timeline["month"] == timeline["month"].max()]
            table = latest.assign(agency=latest["bron"].map(lambda b: names.get(b, b)))
            cols = [
                Column("agency", t("col_agency", lang)),
                Column(
                    "achterstand_cent",
                    t("col_arrears", lang),
                    lambda v, _r: esc(money(v)),
                    numeric=True,
                ),
                Column(
                    "saldo_cent", t("col_balance", lang), lambda v, _r: esc(money(v)), numeric=True
                ),
            ]
            month = pd.Timestamp(timeline["month"].max()).strftime("%Y-%m")
            out.append(
                pn.pane.HTML(
                    html_table(table, cols, caption=t("arrears_now_caption", lang, month=month)),
                    sizing_mode="stretch_width",
                )
            )
            with_months = timeline.pivot_table(
                index="month", columns="bron", values="achterstand_cent", aggfunc="sum"
            ).reset_index()
            hist_cols = [
                Column(
                    "month",
                    t("col_month", lang),
                    lambda v, _r: esc(pd.Timestamp(v).strftime("%Y-%m")),
                )
            ]
            hist_cols += [
                Column(b, names.get(b, b), lambda v, _r: esc(money(v)), numeric=True)
                for b in with_months.columns
                if b != "month"
            ]
            out.append(
                pn.layout.Card(
                    pn.pane.HTML(
                        html_table(with_months, hist_cols, caption=t("arrears_chart", lang)),
                        sizing_mode="stretch_width",
                    ),
                    title=t("table_alt", lang),
                    collapsed=True,
                    sizing_mode="stretch_width",
                )
            )
        return out

    # -- reasons -----------------------------------------------------------------------------
    def _reasons(self) -> list[Any]:
        lang = self.lang
        lines = sorted(self.detail.explanation, key=lambda e: e.position)
        out: list[Any] = [heading(t("reasons_title", lang))]
        if not lines:
            out.append(no_data(lang, t("reasons_none", lang)))
            return out
        items = "".join(f"<li>{esc(e.sentence(lang))}</li>" for e in lines)
        out.append(
            pn.pane.HTML(f'<ul class="vs-reasons">{items}</ul>', sizing_mode="stretch_width")
        )
        fig = contribution_chart(
            [e.sentence(lang) for e in lines],
            [e.contribution for e in lines],
            title=t("reasons_chart", lang),
            x_label=t("reasons_axis", lang),
        )
        out.append(pn.pane.Bokeh(fig, sizing_mode="stretch_width"))
        frame = pd.DataFrame(
            {
                "sentence": [e.sentence(lang) for e in lines],
                "contribution": [e.contribution for e in lines],
            }
        )
        cols = [
            Column("sentence", t("col_reason", lang)),
            Column(
                "contribution",
                t("col_contribution", lang),
                lambda v, _r: esc(f"{float(v):+.2f}"),
                numeric=True,
            ),
        ]
        out.append(
            pn.layout.Card(
                pn.pane.HTML(
                    html_table(frame, cols, caption=t("reasons_chart", lang)),
                    sizing_mode="stretch_width",
                ),
                title=t("table_alt", lang),
                collapsed=True,
                sizing_mode="stretch_width",
            )
        )
        return out

    # -- notes -------------------------------------------------------------------------------
    def _notes_html(self, notes: Any) -> str:
        lang = self.lang
        if not notes:
            return f"<p>{esc(t('notes_none', lang))}</p>"
        items = []
        for n in notes:
            when = pd.Timestamp(n.at).tz_convert("Europe/Amsterdam").strftime("%d-%m-%Y %H:%M")
            body = esc(n.text).replace("\n", "<br>")
            items.append(
                '<li class="vs-note"><p style="margin:0;color:#4a525a">'
                f"{esc(when)} · {esc(n.author)}</p>"
                f'<p class="vs-note-text" style="margin:0.2rem 0 0.8rem">{body}</p></li>'
            )
        return f'<ul id="notities" style="list-style:none;padding:0">{"".join(items)}</ul>'

    def _notes(self) -> list[Any]:
        lang = self.lang
        notes_pane = pn.pane.HTML(self._notes_html(self.detail.notes), sizing_mode="stretch_width")
        note_input = pn.widgets.TextAreaInput(
            label=t("note_new", lang),
            placeholder=t("note_hint", lang),
            rows=3,
            sizing_mode="stretch_width",
        )
        note_btn = pn.widgets.Button(label=t("note_save", lang), color="primary")
        note_result = pn.pane.HTML("", sizing_mode="stretch_width")
        cid = int(self.row["case_id"])

        def save(_e: Any) -> None:
            if not self.ctx.session_valid():
                note_result.object = result_html(t("session_expired", lang), "error")
                return
            try:
                self.ctx.env.gateway.add_note(self.ctx.account, cid, note_input.value or "")
                fresh = self.ctx.env.gateway.case(self.ctx.account, cid)
            except CaseworkError as err:
                note_result.object = result_html(err.text(lang), "error")
                return
            notes_pane.object = self._notes_html(fresh.notes)
            note_input.value = ""
            note_result.object = result_html(t("note_saved", lang), "ok")

        note_btn.on_click(save)
        out: list[Any] = [heading(t("notes_title", lang)), notes_pane]
        if self.ctx.can(Action.ADD_NOTE):
            out += [note_input, note_btn, note_result]
        return out

    # -- outcome -----------------------------------------------------------------------------
    def close_form_visible(self, state: str) -> None:
        can_close = state in {s.value for s in OUTCOME_STATES}
        self.close_box.visible = can_close
        self.close_hint.visible = not can_close and state != State.CLOSED.value

    def _outcome(self) -> list[Any]:
        lang = self.lang
        gw = self.ctx.env.gateway
        fix = pn.widgets.RadioBoxGroup(
            label=t("outcome_fix", lang),
            options={v: k for k, v in gw.fix_kinds(lang).items()},
            inline=False,
        )
        rules = pn.widgets.TextInput(
            label=t("outcome_rules", lang), placeholder=t("outcome_rules_hint", lang)
        )
        reason = pn.widgets.TextAreaInput(
            label=t("outcome_reason", lang), rows=3, sizing_mode="stretch_width"
        )
        btn = pn.widgets.Button(label=t("outcome_close", lang), color="primary")
        result = pn.pane.HTML("", sizing_mode="stretch_width")

        def close(_e: Any) -> None:
            if not self.ctx.session_valid():
                result.object = result_html(t("session_expired", lang), "error")
                return
            clashing = [r.strip() for r in (rules.value or "").split(";") if r.strip()]
            try:
                s = gw.close(
                    self.ctx.account,
                    int(self.row["case_id"]),
                    fix_kind=fix.value,
                    reason=reason.value or "",
                    clashing_rules=clashing,
                    version=int(self.row["version"]),
                )
            except CaseworkError as err:
                result.object = result_html(err.text(lang), "error")
                return
            self._changed(summary_row(s))
            self.actions.rows[s.id] = self.row
            self.actions._update_controls()
            result.object = result_html(t("outcome_done", lang, id=s.id), "ok")

        btn.on_click(close)
        fix_label = pn.pane.HTML(
            f'<p id="fix-label" style="font-weight:600;margin:0">{esc(t("outcome_fix", lang))}</p>'
        )
        self.close_box = pn.Column(
            pn.pane.HTML(f"<p>{esc(t('outcome_intro', lang))}</p>"),
            fix_label,
            fix,
            rules,
            reason,
            btn,
            sizing_mode="stretch_width",
        )
        self.close_hint = pn.pane.HTML(f"<p>{esc(t('outcome_not_yet', lang))}</p>")
        self.close_form_visible(self.row["state"])
        closed_note = (
            [callout(t("outcome_closed", lang, outcome=self.detail.outcome or ""))]
            if self.row["state"] == State.CLOSED.value
            else []
        )
        return [
            heading(t("outcome_title", lang)),
            *closed_note,
            self.close_hint,
            self.close_box,
            result,
        ]

    # -- letter ------------------------------------------------------------------------------
    def _letter(self) -> list[Any]:
        lang = self.lang
        first = self.detail.persons[0] if self.detail.persons else None
        text = draft_letter(
            naam=first.naam if first else None,
            adres=[first.adres, " ".join(x for x in (first.postcode, first.woonplaats) if x)]
            if first
            else [],
            afzender=self.ctx.account.username,
            lang=lang,
        )
        editor = pn.widgets.TextAreaInput(
            label=t("letter_label", lang), value=text, rows=24, sizing_mode="stretch_width"
        )
        print_btn = pn.widgets.Button(label=t("letter_print", lang), color="default")
        # Print the text as text: the new window gets it through textContent, never as markup.
        print_btn.js_on_click(
            args={"editor": editor, "title": t("letter_title", lang)},
            code="""
const w = window.open('', '_blank');
if (!w) { return; }
const d = w.document;
d.title = title;
const pre = d.createElement('div');
pre.style.whiteSpace = 'pre-wrap';
pre.style.fontFamily = 'Georgia, serif';
pre.style.fontSize = '12pt';
pre.style.margin = '2.5cm';
pre.textContent = editor.value;
d.body.appendChild(pre);
w.focus();
w.print();
""",
        )
        return [
            heading(t("letter_title", lang)),
            pn.pane.HTML(f"<p>{esc(t('letter_intro', lang))}</p>"),
            editor,
            print_btn,
        ]

    # -- history -----------------------------------------------------------------------------
    def _history(self) -> list[Any]:
        lang = self.lang
        gw = self.ctx.env.gateway
        if not self.detail.events:
            return []
        frame = pd.DataFrame([e.__dict__ for e in self.detail.events])
        cols = [
            Column(
                "at",
                t("col_when", lang),
                lambda v, _r: esc(
                    pd.Timestamp(v).tz_convert("Europe/Amsterdam").strftime("%d-%m-%Y %H:%M")
                ),
            ),
            Column("actor", t("col_who", lang)),
            Column(
                "to_state",
                t("col_state", lang),
                lambda v, _r: esc(gw.state_label(v, lang)) if v else "",
            ),
            Column("reason", t("action_reason", lang)),
        ]
        return [
            heading(t("history_title", lang)),
            pn.pane.HTML(
                html_table(frame, cols, caption=t("history_title", lang)),
                sizing_mode="stretch_width",
            ),
        ]

    def panels(self) -> list[Any]:
        lang = self.lang
        out: list[Any] = [
            pn.pane.HTML(f'<p><a href="/bord?taal={lang}">{esc(t("back_to_board", lang))}</a></p>'),
            self.status,
            heading(t("persons_title", lang)),
            self._persons(),
            heading(t("actions_title", lang)),
            self.actions.panel(),
            *self._reasons(),
            *self._arrears(),
            *self._notes(),
            *self._outcome(),
            *self._letter(),
            *self._history(),
        ]
        if self.detail.objection:
            out.insert(1, callout(t("case_objection", lang), kind="warning"))
        return out
