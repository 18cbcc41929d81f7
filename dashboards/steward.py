"""The data steward's view: pipeline runs and freshness per source, reconciliation per delivery,
rejects with their reasons (the raw line only for the steward role), linkage rate, check results
and the retention log.

Reads the published serving store, the Dagster instance's run history, and, for the raw rejected
lines only, ``restricted.duckdb``'s ``reject_raw`` table (stewards only; the line can hold a BSN).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import panel as pn

from casework import Action
from dashboards.layout import esc, heading, no_data
from dashboards.messages import t
from dashboards.pipeline_runs import check_results, recent_runs
from dashboards.serving import (
    deliveries_by_source,
    delivery_reconciliation,
    freshness_status_counts,
    linkage_by_month,
    raw_reject_lines,
    recent_rejects,
    reject_counts,
    retention_log,
)
from dashboards.tables import Column, Row, html_table

if TYPE_CHECKING:
    from dashboards.server import PageContext

__all__ = ["steward_view"]

REJECT_PAGE = 50  # rejected lines shown on the page (newest first)


def _html(markup: str) -> pn.pane.HTML:
    return pn.pane.HTML(markup, sizing_mode="stretch_width")


def _folded(title: str, markup: str) -> pn.layout.Card:
    """A long list, folded away until the steward opens it."""
    return pn.layout.Card(_html(markup), title=title, collapsed=True, sizing_mode="stretch_width")


def _month(v: Any, _r: Row) -> str:
    return "" if v is None or pd.isna(v) else esc(pd.Timestamp(v).strftime("%Y-%m"))


def _moment(v: Any, _r: Row) -> str:
    if v is None or pd.isna(v):
        return ""
    ts = pd.Timestamp(v)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts
    return esc(ts.tz_convert("Europe/Amsterdam").strftime("%d-%m-%Y %H:%M"))


def _pct(v: Any, _r: Row) -> str:
    return "" if v is None or pd.isna(v) else esc(f"{100 * float(v):.1f}%")


def steward_view(ctx: PageContext) -> list[Any]:
    lang = ctx.lang
    out: list[Any] = []
    out += _runs(ctx)
    out += _freshness(ctx)
    out += _reconciliation(ctx)
    out += _linkage(ctx)
    out += _rejects(ctx)
    out += _retention(ctx)
    if not ctx.env.serving.exists():
        out.insert(0, no_data(lang, t("no_serving", lang)))
    return out


def _runs(ctx: PageContext) -> list[Any]:
    lang = ctx.lang
    out: list[Any] = [heading(t("runs_title", lang))]
    runs = recent_runs(ctx.env.data.dagster_home)
    if runs is None or runs.empty:
        out.append(no_data(lang, t("runs_none", lang)))
    else:
        cols = [
            Column("job", t("col_job", lang)),
            Column("status", t("col_status", lang)),
            Column("start", t("col_start", lang), _moment),
            Column("end", t("col_end", lang), _moment),
            Column("run_id", t("col_run", lang)),
        ]
        out.append(_html(html_table(runs, cols, caption=t("runs_caption", lang))))
    checks = check_results(ctx.env.data.dagster_home)
    out.append(heading(t("checks_title", lang)))
    if checks is None or checks.empty:
        out.append(no_data(lang, t("checks_none", lang)))
    else:
        cols = [
            Column("asset", t("col_asset", lang)),
            Column("check", t("col_check", lang)),
            Column(
                "passed",
                t("col_result", lang),
                lambda v, _r: esc(t("check_pass" if v else "check_fail", lang)),
            ),
            Column("at", t("col_when", lang), _moment),
            Column("detail", t("col_detail", lang)),
        ]
        latest = checks.sort_values("at", ascending=False).drop_duplicates(["asset", "check"])
        failed = latest[~latest["passed"]]
        summary = t("checks_summary", lang, n=len(latest), failed=len(failed))
        out.append(_html(f'<p role="status">{esc(summary)}</p>'))
        if not failed.empty:
            out.append(_html(html_table(failed, cols, caption=t("checks_failed", lang))))
        out.append(
            _folded(
                t("checks_all", lang, n=len(latest)),
                html_table(
                    latest.sort_values(["asset", "check"]), cols, caption=t("checks_caption", lang)
                ),
            )
        )
    return out


def _freshness(ctx: PageContext) -> list[Any]:
    lang = ctx.lang
    out: list[Any] = [heading(t("fresh_title", lang))]
    serving = ctx.env.serving
    latest = deliveries_by_source(serving)
    if latest is None or latest.empty:
        out.append(no_data(lang, t("deliveries_none", lang)))
        return out
    status = freshness_status_counts(serving)
    if status is not None and not status.empty:
        # A source that is expected but never delivered shows up through freshness only.
        missing = sorted(set(status["bron"]) - set(latest["bron"]))
        if missing:
            extra = pd.DataFrame({"bron": missing, "files": [0] * len(missing)})
            latest = pd.concat([latest, extra], ignore_index=True).sort_values("bron")
        gaps: dict[str, list[str]] = {}
        for r in status[status["status"] != "geleverd"].itertuples():
            gaps.setdefault(str(r.bron), []).append(f"{r.status}: {r.n}")
        latest["gaps"] = [
            ", ".join(gaps.get(b, [])) or t("fresh_no_gaps", lang) for b in latest["bron"]
        ]
    else:
        latest["gaps"] = ""
    cols = [
        Column("bron", t("col_source", lang)),
        Column("last_month", t("col_last_month", lang), _month),
        Column("last_loaded", t("col_loaded", lang), _moment),
        Column("files", t("col_files", lang), numeric=True),
        Column("gaps", t("col_gaps", lang)),
    ]
    out.append(_html(html_table(latest, cols, caption=t("fresh_caption", lang))))
    return out


def _reconciliation(ctx: PageContext) -> list[Any]:
    lang = ctx.lang
    out: list[Any] = [heading(t("recon_title", lang))]
    frame = delivery_reconciliation(ctx.env.serving)
    if frame is None or frame.empty:
        out.append(no_data(lang, t("deliveries_none", lang)))
        return out
    bad = int((~frame["reconciles"].astype(bool)).sum())
    summary = t("recon_ok", lang, n=len(frame)) if bad == 0 else t("recon_bad", lang, bad=bad)
    out.append(_html(f'<p role="status">{esc(summary)}</p>'))
    cols = [
        Column("path", t("col_file", lang)),
        Column("bron", t("col_source", lang)),
        Column("delivery_month", t("col_month", lang), _month),
        Column("received", t("col_received", lang), numeric=True),
        Column("accepted", t("col_accepted", lang), numeric=True),
        Column("rejected", t("col_rejected", lang), numeric=True),
        Column("dropped_by_policy", t("col_dropped", lang), numeric=True),
        Column(
            "reconciles",
            t("col_reconciles", lang),
            lambda v, _r: esc(t("yes" if v else "no", lang)),
        ),
    ]
    attention = frame[(~frame["reconciles"].astype(bool)) | (frame["rejected"] > 0)]
    if not attention.empty:
        out.append(_html(html_table(attention.head(12), cols, caption=t("recon_attention", lang))))
    out.append(
        _folded(
            t("recon_all", lang, n=len(frame)),
            html_table(frame.head(500), cols, caption=t("recon_caption", lang)),
        )
    )
    return out


def _linkage(ctx: PageContext) -> list[Any]:
    lang = ctx.lang
    out: list[Any] = [heading(t("linkage_title", lang))]
    frame = linkage_by_month(ctx.env.serving)
    if frame is None or frame.empty:
        out.append(no_data(lang, t("deliveries_none", lang)))
        return out
    out.append(_html(f"<p>{esc(t('linkage_intro', lang))}</p>"))
    wide = frame.pivot_table(index="delivery_month", columns="bron", values="rate").reset_index()
    wide = wide.sort_values("delivery_month", ascending=False).head(12)
    cols = [Column("delivery_month", t("col_month", lang), _month)]
    cols += [Column(str(b), str(b).upper(), _pct, numeric=True) for b in wide.columns[1:]]
    out.append(_html(html_table(wide, cols, caption=t("linkage_caption", lang))))
    return out


def _rejects(ctx: PageContext) -> list[Any]:
    lang = ctx.lang
    out: list[Any] = [heading(t("rejects_title", lang))]
    serving = ctx.env.serving
    counts = reject_counts(serving)
    if counts is None or counts.empty:
        out.append(no_data(lang, t("rejects_none", lang)))
        return out
    out.append(
        _html(
            html_table(
                counts,
                [
                    Column("bron", t("col_source", lang)),
                    Column("code", t("col_code", lang)),
                    Column("n", t("col_count", lang), numeric=True),
                ],
                caption=t("rejects_count_caption", lang),
            )
        )
    )
    rejects = recent_rejects(serving, limit=REJECT_PAGE)
    assert rejects is not None
    show_raw = ctx.can(Action.VIEW_RAW_REJECTS)
    cols = [
        Column("path", t("col_file", lang)),
        Column("line", t("col_line", lang), numeric=True),
        Column("code", t("col_code", lang)),
        Column("message", t("col_reason", lang)),
    ]
    if show_raw:
        raw = raw_reject_lines(ctx.env.restricted)
        if raw is not None and not raw.empty:
            rejects = rejects.merge(raw, on=["path", "line"], how="left")
            cols.append(
                Column(
                    "raw",
                    t("col_raw", lang),
                    lambda v, _r: (
                        "" if v is None or pd.isna(v) else f'<code class="vs-raw">{esc(v)}</code>'
                    ),
                )
            )
    out.append(
        _html(
            html_table(
                rejects,
                cols,
                caption=t("rejects_caption", lang, n=len(rejects)),
                table_id="afgekeurd",
            )
        )
    )
    return out


def _retention(ctx: PageContext) -> list[Any]:
    lang = ctx.lang
    out: list[Any] = [heading(t("retention_title", lang))]
    frame = retention_log(ctx.env.serving)
    if frame is None or frame.empty:
        out.append(no_data(lang, t("retention_none", lang)))
        return out
    cols = [
        Column("deleted_at", t("col_when", lang), _moment),
        Column("bron", t("col_source", lang)),
        Column("table_name", t("col_table", lang)),
        Column(
            "cutoff", t("col_cutoff", lang), lambda v, _r: esc(pd.Timestamp(v).strftime("%d-%m-%Y"))
        ),
        Column("rows_deleted", t("col_rows_deleted", lang), numeric=True),
    ]
    out.append(_html(html_table(frame, cols, caption=t("retention_caption", lang))))
    return out
