"""Accessible HTML tables: a caption, ``th scope``, and every cell escaped.

The board and the review pages render their tables with this instead of a JavaScript grid: it is
fast for a page of rows, reads well with a screen reader, and user text can never become markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboards.layout import esc

__all__ = ["Column", "Row", "html_table", "money"]

#: One table row as a mapping of column name to value.
Row = Mapping[Any, Any]

TABLE_CSS = """
<style>
table.vs { border-collapse: collapse; width: 100%; font-family: system-ui, sans-serif;
           font-size: 0.95rem; }
table.vs caption { text-align: left; font-weight: 600; padding: 0.25rem 0; color: #1b1f24; }
table.vs th, table.vs td { border-bottom: 1px solid #c7ccd1; padding: 0.35rem 0.5rem;
           text-align: left; vertical-align: top; color: #1b1f24; }
table.vs th { background: #eef1f4; }
table.vs td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.vs td { overflow-wrap: anywhere; }
table.vs code { white-space: pre-wrap; word-break: break-all; font-size: 0.85rem; }
table.vs a { color: #154273; }
.vs-badge { display: inline-block; padding: 0 0.4rem; border-radius: 3px; font-size: 0.85rem; }
.vs-te_laat, .vs-gemist { background: #fde8e8; color: #8a1212; }
.vs-bijna { background: #fff4d6; color: #4d3800; }
.vs-op_tijd, .vs-gehaald { background: #e6f4ea; color: #0f4a1f; }
</style>
"""


@dataclass(frozen=True, slots=True)
class Column:
    """One table column: the frame's ``key``, the header ``label``, and an optional cell
    renderer returning HTML (it must escape what it shows)."""

    key: str
    label: str
    render: Callable[[Any, Row], str] | None = None
    numeric: bool = False


def money(cents: object) -> str:
    """Euro cents as a Dutch amount, for example ``EUR 1.240,50``."""
    if cents is None or (isinstance(cents, float) and pd.isna(cents)):
        return ""
    value = int(cents) / 100  # type: ignore[call-overload]
    text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def _cell(col: Column, row: Row) -> str:
    value = row.get(col.key)
    if col.render is not None:
        return col.render(value, row)
    if value is None or (not isinstance(value, str | bytes) and pd.isna(value)):
        return ""
    return esc(value)


def html_table(
    frame: pd.DataFrame, columns: Sequence[Column], *, caption: str, table_id: str = ""
) -> str:
    """Render ``frame`` (only ``columns``) as an accessible HTML table."""
    head = "".join(f'<th scope="col">{esc(c.label)}</th>' for c in columns)
    rows = []
    for row in frame.to_dict("records"):
        cells = "".join(
            f'<td class="num">{_cell(c, row)}</td>' if c.numeric else f"<td>{_cell(c, row)}</td>"
            for c in columns
        )
        rows.append(f"<tr>{cells}</tr>")
    ident = f' id="{esc(table_id)}"' if table_id else ""
    return (
        f'{TABLE_CSS}<table class="vs"{ident}><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
