"""Bokeh charts for the views. Every chart is shown next to a table with the same numbers, so
nothing is only visible as a picture (WCAG 1.1.1)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from bokeh.models import (  # type: ignore[attr-defined]
    ColumnDataSource,
    FactorRange,
    HoverTool,
    Span,
    Whisker,
)
from bokeh.plotting import figure

__all__ = ["AGENCY_COLOURS", "contribution_chart", "interval_chart", "line_chart"]

#: Colour-blind safe (Okabe-Ito), dark enough against white.
AGENCY_COLOURS = {
    "cjib": "#0072B2",
    "cak": "#D55E00",
    "duo": "#009E73",
    "bd": "#CC79A7",
}
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


def line_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str,
    title: str,
    y_label: str,
    labels: dict[str, str] | None = None,
    scale: float = 1.0,
    height: int = 280,
) -> figure:
    """One line per value of ``series`` (for example an agency) over the months in ``x``
    (shown as ``YYYY-MM``), ``y`` divided by ``scale``."""
    months = sorted({pd.Timestamp(m).strftime("%Y-%m") for m in frame[x]})
    fig = figure(
        title=title,
        x_range=FactorRange(factors=months),
        height=height,
        sizing_mode="stretch_width",
        toolbar_location=None,
        y_axis_label=y_label,
    )
    for i, (key, part) in enumerate(frame.sort_values(x).groupby(series, sort=True)):
        colour = AGENCY_COLOURS.get(str(key), _PALETTE[i % len(_PALETTE)])
        src = ColumnDataSource(
            {
                "x": [pd.Timestamp(m).strftime("%Y-%m") for m in part[x]],
                "y": part[y].astype(float) / scale,
            }
        )
        name = (labels or {}).get(str(key), str(key))
        fig.line("x", "y", source=src, color=colour, line_width=2.5, legend_label=name)
        fig.scatter("x", "y", source=src, color=colour, size=7, legend_label=name)
    fig.legend.location = "top_left"
    fig.xaxis.major_label_orientation = 0.8 if len(months) > 12 else 0
    fig.add_tools(HoverTool(tooltips=[("", "@x: @y{0,0.00}")]))
    return fig


def contribution_chart(
    labels: Sequence[str], values: Sequence[float], *, title: str, x_label: str
) -> figure:
    """Horizontal bars: what raised (positive, dark orange) or lowered (blue) the score."""
    order = list(range(len(labels)))[::-1]
    ys = [labels[i] for i in order]
    xs = [float(values[i]) for i in order]
    colours = ["#B34700" if v > 0 else "#0B5A8F" for v in xs]
    fig = figure(
        title=title,
        y_range=FactorRange(factors=ys),
        height=max(160, 36 * len(ys) + 60),
        sizing_mode="stretch_width",
        toolbar_location=None,
        x_axis_label=x_label,
    )
    fig.hbar(y=ys, right=xs, height=0.6, color=colours)
    return fig


def interval_chart(
    frame: pd.DataFrame,
    *,
    label: str,
    value: str,
    low: str,
    high: str,
    title: str,
    x_label: str,
    thresholds: Sequence[float] = (),
) -> figure:
    """Point estimates with confidence intervals per group (one row each), and the policy's
    threshold lines (dashed)."""
    ys = [str(v) for v in frame[label]]
    src = ColumnDataSource(
        {
            "y": ys,
            "v": frame[value].astype(float),
            "lo": frame[low].astype(float),
            "hi": frame[high].astype(float),
        }
    )
    fig = figure(
        title=title,
        y_range=FactorRange(factors=ys[::-1]),
        height=max(180, 30 * len(ys) + 70),
        sizing_mode="stretch_width",
        toolbar_location=None,
        x_axis_label=x_label,
    )
    fig.add_layout(Whisker(source=src, base="y", lower="lo", upper="hi", dimension="width"))
    fig.scatter("v", "y", source=src, size=9, color="#154273")
    for threshold in thresholds:
        fig.add_layout(
            Span(location=threshold, dimension="height", line_color="#B00020", line_dash="dashed")
        )
    return fig
