"""The page shell every view shares: header, menu of the views the role may open, language switch,
and the helpers that keep user text inert (everything shown is escaped).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
import panel as pn

from dashboards.messages import t

__all__ = [
    "VIEWS",
    "callout",
    "esc",
    "heading",
    "no_data",
    "page_shell",
    "session_arg",
    "set_document_language",
    "text_block",
]

#: route -> (view key in casework.permissions.VIEW_PERMISSIONS, message key of its title).
VIEWS: dict[str, tuple[str, str]] = {
    "bord": ("board", "view_bord"),
    "zaak": ("case", "view_zaak"),
    "beheer": ("steward", "view_beheer"),
    "ethiek": ("ethics", "view_ethiek"),
}

#: Views that appear in the menu (the case page is reached from the board).
MENU = ("bord", "beheer", "ethiek")

CSS = """
:root { --vs-blue: #154273; --vs-focus: #ffb612; }
a:focus, button:focus, input:focus, select:focus, textarea:focus,
.bk-btn:focus, .bk-input:focus {
  outline: 3px solid var(--vs-focus) !important; outline-offset: 2px; }
"""


def session_arg(name: str) -> str | None:
    """The first value of query parameter ``name`` of the page's URL, as text."""
    args = pn.state.session_args or {}
    values = args.get(name)
    if not values:
        return None
    raw = values[0]
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def esc(value: object) -> str:
    """Escape any value for HTML (``None`` renders empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def heading(text: str, level: int = 2, **kwargs: Any) -> pn.pane.HTML:
    return pn.pane.HTML(f"<h{level}>{esc(text)}</h{level}>", margin=(4, 10), **kwargs)


def text_block(text: str, **kwargs: Any) -> pn.pane.HTML:
    """A paragraph of plain text; markup in ``text`` is shown, never interpreted."""
    body = esc(text).replace("\n", "<br>")
    return pn.pane.HTML(f'<p class="vs-text">{body}</p>', **kwargs)


def callout(text: str, *, kind: str = "info", role: str = "status", **kwargs: Any) -> pn.pane.HTML:
    colours = {
        "info": ("#e8f0fa", "#0b2e55", "#154273"),
        "warning": ("#fff4d6", "#4d3800", "#a86b00"),
        "error": ("#fde8e8", "#8a1212", "#b00020"),
        "ok": ("#e6f4ea", "#0f4a1f", "#1e7b34"),
    }
    bg, fg, border = colours[kind]
    style = (
        f"background:{bg};color:{fg};border-left:4px solid {border};"
        "padding:0.5rem 0.75rem;margin:0;border-radius:2px"
    )
    return pn.pane.HTML(
        f'<p role="{role}" style="{style}">{esc(text)}</p>', sizing_mode="stretch_width", **kwargs
    )


def no_data(lang: str, detail: str = "") -> pn.pane.HTML:
    """The clear "nog geen gegevens" message for a view whose upstream data does not exist yet."""
    return callout(t("no_data", lang, detail=detail), kind="info")


@dataclass(frozen=True, slots=True)
class Shell:
    username: str
    role_label: str
    lang: str
    allowed_routes: tuple[str, ...]


def _header_html(shell: Shell, current: str, query: str) -> str:
    links = []
    for route in MENU:
        if route not in shell.allowed_routes:
            continue
        label = esc(t(VIEWS[route][1], shell.lang))
        current_attr = ' aria-current="page"' if route == current else ""
        links.append(f'<li><a href="/{route}?taal={shell.lang}"{current_attr}>{label}</a></li>')
    other = "en" if shell.lang == "nl" else "nl"
    switch_query = f"{query}&taal={other}" if query else f"taal={other}"
    return f"""
<header style="background:#154273;color:#fff;padding:0.5rem 1rem;display:flex;flex-wrap:wrap;
               align-items:center;gap:1.5rem;font-family:system-ui,sans-serif">
  <strong style="font-size:1.15rem">{esc(t("app_name", shell.lang))}</strong>
  <nav aria-label="{esc(t("nav_label", shell.lang))}">
    <ul style="list-style:none;display:flex;gap:1rem;margin:0;padding:0">
      {"".join(links)}
    </ul>
  </nav>
  <span style="margin-left:auto">{
        esc(t("logged_in_as", shell.lang, user=shell.username, role=shell.role_label))
    }</span>
  <a href="/{current}?{esc(switch_query)}" lang="{other}">{
        esc(t("switch_language", shell.lang))
    }</a>
  <a href="/logout">{esc(t("logout", shell.lang))}</a>
</header>
<style>header a {{ color:#ffffff; }} header a[aria-current] {{ font-weight:700;
  text-decoration-thickness:3px; }}</style>
"""


def page_shell(
    *, shell: Shell, current: str, title: str, body: list[Any], query: str = ""
) -> pn.Column:
    """The whole page: header, one ``h1`` and the view's body inside a ``main`` region."""
    if pn.state.curdoc is not None:
        pn.state.curdoc.title = f"{title} · Vroegsignaal"
    header = pn.pane.HTML(
        _header_html(shell, current, query)
        + '<h1 style="margin:1rem 26px 0.25rem;font-family:system-ui,sans-serif">'
        + f"{esc(title)}</h1>",
        sizing_mode="stretch_width",
        margin=0,
    )
    main = pn.Column(
        *body,
        sizing_mode="stretch_width",
        margin=(0, 16),
        stylesheets=[CSS],
    )
    return pn.Column(header, main, sizing_mode="stretch_width", margin=0)


def _document_template() -> jinja2.Template:
    # Panel's page template hard-codes lang="en"; use the same template with the page's language.
    from panel.io.resources import get_env

    source = resources.files("panel").joinpath("_templates", "base.html").read_text("utf-8")
    source = source.replace('<html lang="en"', "<html lang=\"{{ page_lang | default('nl') }}\"")
    # One main landmark around the page (the header inside it keeps its navigation landmark).
    source = source.replace("{%    block contents %}", "<main>{%    block contents %}")
    source = source.replace("{%    endblock contents %}", "{%    endblock contents %}</main>")
    return get_env().from_string(source)


_TEMPLATE: jinja2.Template | None = None


def set_document_language(lang: str) -> None:
    """Make the served page declare ``lang`` (WCAG 3.1.1)."""
    global _TEMPLATE
    doc = pn.state.curdoc
    if doc is None:
        return
    if _TEMPLATE is None:
        _TEMPLATE = _document_template()
    doc.template = _TEMPLATE
    doc.template_variables["page_lang"] = lang
