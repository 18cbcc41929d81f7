"""Audit reports for ethics reviewers: JSON and a self-contained HTML page with plots.

Plots are drawn with matplotlib (a bare ``Figure``, no pyplot state) and embedded as inline
SVG, so the page needs nothing beside itself. Offline audits go to
``DATA/audits/<version>/audit.{json,html}``, live months to
``DATA/audits/live/<version>/<YYYY-MM>.{json,html}``.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import jinja2
from matplotlib.figure import Figure

from fairness._audit import AuditReport
from fairness.messages import text
from signals.i18n import current_language

__all__ = ["render_html", "write_report"]

_LABELS = {
    "nl": {
        "title": "Eerlijkheidsaudit model",
        "scope": "Soort",
        "months": "Maanden",
        "rows": "Rijen",
        "audited_at": "Getoetst op",
        "verdict": "Oordeel",
        "explain": "Per groep: recall (het aandeel huishoudens dat later problematische schulden "
        "kreeg en binnen de capaciteit k werd geselecteerd) gedeeld door die van de best "
        "bediende groep, en kalibratie (waargenomen uitkomsten gedeeld door de som van de "
        "scores), vergeleken met die van alle getoetste huishoudens samen. Afgekeurd als het "
        "hele 95%-interval aan de verkeerde kant van de drempel ligt, onbeslist als het de "
        "drempel raakt.",
        "policy": "Beleid",
        "calibration": "kalibratie",
        "min_size": "minimale groep (rijen / positieven)",
        "checks": "Toetsen",
        "attribute": "Kenmerk",
        "group": "Groep",
        "metric": "Maat",
        "value": "Waarde",
        "interval": "Interval",
        "reference": "Referentie",
        "threshold": "Drempel",
        "base": "Basis",
        "metrics": "Alle cijfers per groep",
        "positives": "Positief",
        "selected": "Geselecteerd",
        "mitigation": "Groepsbewuste selectie (mitigatie)",
        "mitigation_explain": "Wat groepsbewuste drempels die recall gelijk trekken zouden "
        "opleveren, naast het model zonder mitigatie",
        "fit": "geschat op",
        "applied": "getoetst op",
        "unmitigated": "Zonder mitigatie",
        "mitigated": "Met mitigatie",
        "min_ratio": "Kleinste recall-verhouding",
        "alerts": "Waarschuwingen",
        "recall_ratio": "recall / best bediende groep",
        "relative_calibration": "waargenomen / verwacht, t.o.v. iedereen",
    },
    "en": {
        "title": "Fairness audit of model",
        "scope": "Scope",
        "months": "Months",
        "rows": "Rows",
        "audited_at": "Audited at",
        "verdict": "Verdict",
        "explain": "Per group: recall (the share of households that later had problematic debt "
        "and were selected within capacity k) divided by that of the best-served group, and "
        "calibration (observed outcomes divided by the sum of scores) compared with that of all "
        "audited households together. Fails when the whole 95% "
        "interval lies on the wrong side of the threshold, undetermined when it straddles it.",
        "policy": "Policy",
        "calibration": "calibration",
        "min_size": "minimum group (rows / positives)",
        "checks": "Checks",
        "attribute": "Attribute",
        "group": "Group",
        "metric": "Metric",
        "value": "Value",
        "interval": "Interval",
        "reference": "Reference",
        "threshold": "Threshold",
        "base": "Base",
        "metrics": "All figures per group",
        "positives": "Positives",
        "selected": "Selected",
        "mitigation": "Group-aware selection (mitigation)",
        "mitigation_explain": "What group-aware thresholds that equalise recall would give, next "
        "to the unmitigated model",
        "fit": "fitted on",
        "applied": "tested on",
        "unmitigated": "Unmitigated",
        "mitigated": "Mitigated",
        "min_ratio": "Smallest recall ratio",
        "alerts": "Alerts",
        "recall_ratio": "recall / best-served group",
        "relative_calibration": "observed / expected, relative to all",
    },
}

_COLOURS = {"pass": "#1e8e3e", "fail": "#d93025", "undetermined": "#f9ab00", "too_small": "#9aa0a6"}


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _figure(report: dict[str, Any], attributes: list[str], labels: dict[str, str]) -> str:
    """One inline SVG: per attribute a row with recall ratio and relative calibration per group,
    their intervals (coloured by verdict) and the policy's thresholds (dashed)."""
    sizes = [_group_count(report, a) for a in attributes]
    fig = Figure(figsize=(10, 0.3 * sum(sizes) + 0.6 * len(attributes) + 0.3))
    # the gap between rows, in units of the mean row height: about 0.5 inch
    grid = fig.add_gridspec(
        len(attributes), 2, height_ratios=sizes, hspace=1.7 * len(sizes) / sum(sizes)
    )
    for row, attribute in enumerate(attributes):
        for col, metric in enumerate(("recall_ratio", "relative_calibration")):
            ax = fig.add_subplot(grid[row, col])
            checks = [
                c for c in report["checks"] if c["attribute"] == attribute and c["metric"] == metric
            ]
            for y, check in enumerate(checks):
                colour = _COLOURS[check["verdict"]]
                if check["value"] is not None:
                    ax.plot(check["value"], y, "o", color=colour)
                if check["ci_low"] is not None and check["ci_high"] is not None:
                    ax.hlines(y, check["ci_low"], check["ci_high"], color=colour, linewidth=2)
            threshold = checks[0]["threshold"] if checks else None
            for line in threshold if isinstance(threshold, list) else [threshold]:
                if line is not None:
                    ax.axvline(line, color="#555", linestyle="--", linewidth=1)
            ax.set_yticks(range(len(checks)), [c["group"] for c in checks], fontsize=8)
            ax.set_ylim(len(checks) - 0.5, -0.5)
            ax.set_title(f"{attribute}: {labels[metric]}", fontsize=9)
    fig.subplots_adjust(left=0.17, right=0.98, top=0.98, bottom=0.03, wspace=0.45)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _group_count(report: dict[str, Any], attribute: str) -> int:
    return max(
        1,
        sum(
            1
            for c in report["checks"]
            if c["attribute"] == attribute and c["metric"] == "recall_ratio"
        ),
    )


def render_html(report: AuditReport, *, alerts: list[str] | None = None) -> str:
    """The report as one self-contained HTML page in the current language."""
    lang = current_language()
    labels = _LABELS[lang]
    data = report.to_json()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,
    )
    attributes = list(
        dict.fromkeys(c["attribute"] for c in data["checks"] if c["metric"] == "recall_ratio")
    )
    return env.get_template("report.html.j2").render(
        r=data,
        t=labels,
        lang=lang,
        verdicts={
            v: text(f"verdict_{v}", lang) for v in ("pass", "fail", "undetermined", "too_small")
        },
        counts_line=text("telling", lang, **data["counts"]),
        figure=_figure(data, attributes, labels) if attributes else "",
        metric_names=list(report.group_metrics.metrics),
        fmt=_fmt,
        alerts=alerts or [],
    )


def write_report(
    report: AuditReport, directory: Path, *, stem: str = "audit", alerts: list[str] | None = None
) -> tuple[Path, Path]:
    """Write ``<stem>.json`` and ``<stem>.html`` into ``directory``; returns both paths.

    Each file is written beside its target and renamed into place (never half a report).
    """
    directory.mkdir(parents=True, exist_ok=True)
    payload = report.to_json()
    if alerts is not None:
        payload["alerts"] = alerts
    paths = (directory / f"{stem}.json", directory / f"{stem}.html")
    contents = (
        json.dumps(payload, indent=2, ensure_ascii=False) + "\n",
        render_html(report, alerts=alerts),
    )
    for path, content in zip(paths, contents, strict=True):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(content, "utf-8")
        tmp.replace(path)
    return paths
