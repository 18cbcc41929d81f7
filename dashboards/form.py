"""A group of plain HTML form controls in ONE Bokeh model.

Each Panel widget is its own Bokeh model: built in Python, serialised, sent and laid out by the
browser one by one. The board's eighteen filter, pager and action widgets were the largest part
of its render time (docs/benchmarks.md, "Dashboards"). :class:`NativeForm` renders the same
controls as native ``<label>``/``<select>``/``<input>``/``<button>`` elements inside one
component: labelled, keyboard-usable, and cheap to build and update.

The form is shown with :meth:`NativeForm.draw`, given a list of groups, each a dict::

    {"title": "Status wijzigen", "level": 3,           # optional heading of the group
     "html": "<table>...</table>",                     # optional markup shown before the items
     "items": [
        {"kind": "select", "name": "target", "label": "Nieuwe status",
         "options": [["contact_sought", "Contact gezocht"], ...]},
        {"kind": "text", "name": "reason", "label": "Reden", "placeholder": "..."},
        {"kind": "button", "name": "go", "label": "Status wijzigen", "primary": True,
         "disabled": False},
     ]}

``html`` is inserted as markup, so it must be built from escaped parts only (``layout.esc``,
``tables.html_table``), exactly like the ``object`` of a ``pn.pane.HTML``. Option values and field
values are text. The browser sends every change of a field, and with
every click the values of all fields, so a handler always sees what the user saw. Labels,
options and values are set with ``textContent``/``value``: user text never becomes markup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

import param
from panel.custom import JSComponent
from panel.io import hold

__all__ = ["NativeForm"]

log = logging.getLogger(__name__)

_CSS = """
:host { display: block; width: 100%; }
form { font-family: system-ui, sans-serif; margin: 0 10px; color: #1b1f24; }
h2 { font-size: 1.5em; margin: 0.8em 0 0.4em; }
h3 { font-size: 1.17em; margin: 0.8em 0 0.4em; }
.vs-row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end;
          margin: 0.25rem 0; }
.vs-field { display: flex; flex-direction: column; gap: 0.2rem; }
.vs-note { margin: 0; align-self: center; }
label { font-size: 0.9rem; font-weight: 600; }
select, input { font: inherit; min-width: 12rem; padding: 0.3rem 0.4rem; color: #1b1f24;
                background: #fff; border: 1px solid #6b7580; border-radius: 4px; }
select.vs-wide { min-width: 22rem; }
button { font: inherit; padding: 0.35rem 0.9rem; border-radius: 4px; cursor: pointer;
         border: 1px solid #154273; background: #fff; color: #154273; }
button.vs-primary { background: #154273; color: #fff; }
button:disabled { cursor: not-allowed; border-color: #8a9199; background: #eef1f4;
                  color: #4a5159; }
select:focus, input:focus, button:focus { outline: 3px solid #ffb612; outline-offset: 2px; }
"""

_ESM = """
export function render({ model, el }) {
  const form = document.createElement("form");
  form.noValidate = true;
  form.addEventListener("submit", (e) => e.preventDefault());
  el.appendChild(form);
  const uid = Math.random().toString(36).slice(2, 9);
  let drawn = [];  // [json, node] per group: unchanged groups are kept as they are
  // Changes the server has not seen yet when it drew: they win over the drawn value, so a
  // quick user's second choice is not undone by the redraw that answers the first.
  let seq = 0;
  const local = {};
  const shown = (c) => {
    const mine = local[c.name];
    if (mine && mine.seq > (model.spec.ack || 0)) return mine.value;
    return c.value == null ? "" : c.value;
  };
  const fieldValues = () => {
    const out = {};
    for (const c of form.querySelectorAll("select[name], input[name]")) out[c.name] = c.value;
    return out;
  };
  const control = (c) => {
    const id = "vs-" + uid + "-" + c.name;
    if (c.kind === "button") {
      const b = document.createElement("button");
      b.type = "button";
      b.name = c.name;
      b.id = id;
      b.textContent = c.label;
      b.disabled = !!c.disabled;
      if (c.primary) b.className = "vs-primary";
      b.addEventListener("click", () => {
        model.send_msg({ event: "click", name: c.name, values: fieldValues(), seq: seq });
      });
      return b;
    }
    if (c.kind === "note") {
      const p = document.createElement("p");
      p.className = "vs-note";
      p.textContent = c.label;
      return p;
    }
    const wrap = document.createElement("div");
    wrap.className = "vs-field";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = c.label;
    let input;
    if (c.kind === "select") {
      input = document.createElement("select");
      for (const [value, text] of c.options || []) {
        const o = document.createElement("option");
        o.value = value;
        o.textContent = text;
        input.appendChild(o);
      }
      if (c.wide) input.className = "vs-wide";
    } else {
      input = document.createElement("input");
      input.type = "text";
      if (c.placeholder) input.placeholder = c.placeholder;
      input.autocomplete = "off";
    }
    input.name = c.name;
    input.id = id;
    input.disabled = !!c.disabled;
    input.addEventListener("change", () => {
      seq += 1;
      local[c.name] = { value: input.value, seq: seq };
      model.send_msg({ event: "change", name: c.name, value: input.value, seq: seq });
    });
    wrap.append(label, input);
    input.value = shown(c);
    return wrap;
  };
  const group = (g) => {
    const node = document.createElement("div");
    node.className = "vs-group";
    if (g.title) {
      const h = document.createElement("h" + (g.level || 3));
      h.textContent = g.title;
      node.appendChild(h);
    }
    if (g.html) {
      const block = document.createElement("div");
      block.innerHTML = g.html;
      node.appendChild(block);
    }
    if (g.items && g.items.length) {
      const row = document.createElement("div");
      row.className = "vs-row";
      for (const c of g.items) row.appendChild(control(c));
      node.appendChild(row);
    }
    return node;
  };
  const build = () => {
    const root = el.getRootNode();
    const active = root && root.activeElement && form.contains(root.activeElement)
      ? root.activeElement : null;
    const focusName = active ? active.name : null;
    const typed = active && active.tagName === "INPUT" ? active.value : null;
    const groups = model.spec.groups || [];
    const next = [];
    groups.forEach((g, i) => {
      const json = JSON.stringify(g);
      const old = drawn[i];
      if (old && old[0] === json) {
        // Kept: only fields the server set to another value than shown (e.g. emptied after
        // an action) are updated, unless the user is typing in them.
        for (const c of g.items || []) {
          if (c.kind !== "select" && c.kind !== "text") continue;
          const input = old[1].querySelector("[name='" + CSS.escape(c.name) + "']");
          const want = shown(c);
          if (input && input !== active && input.value !== want) input.value = want;
        }
        next.push(old);
      } else {
        const node = group(g);
        if (old) form.replaceChild(node, old[1]); else form.appendChild(node);
        next.push([json, node]);
      }
    });
    for (const old of drawn.slice(groups.length)) old[1].remove();
    drawn = next;
    if (focusName && !(active && active.isConnected)) {
      const again = form.querySelector("[name='" + CSS.escape(focusName) + "']");
      if (again) {
        if (typed !== null && again.tagName === "INPUT") again.value = typed;
        again.focus();
      }
    }
  };
  build();
  model.on("spec", build);
}
"""


class NativeForm(JSComponent):
    """Labelled native form controls in one model; see the module docstring for the groups."""

    spec = param.Dict(
        default={"rev": 0, "groups": []},
        doc="The groups of controls shown, with a revision number (use :meth:`draw`).",
    )

    _esm = _ESM
    _stylesheets: ClassVar[list[str]] = [_CSS]

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self.values: dict[str, str] = {}
        self._on_click: dict[str, Callable[[], None]] = {}
        self._on_change: dict[str, Callable[[str], None]] = {}
        self._ack = 0  # the browser's last change number this side has seen

    def draw(self, groups: list[dict[str, Any]]) -> None:
        """Show ``groups``; always redraws, so field values set in :attr:`values` take effect."""
        rev = int(self.spec.get("rev", 0)) + 1
        self.spec = {"rev": rev, "ack": self._ack, "groups": groups}

    def on_click(self, name: str, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when button ``name`` is clicked (after the field values are set)."""
        self._on_click[name] = callback

    def on_change(self, name: str, callback: Callable[[str], None]) -> None:
        """Call ``callback(value)`` when the user changes field ``name``."""
        self._on_change[name] = callback

    def value(self, name: str, default: str = "") -> str:
        """The field's current value as the user last saw it."""
        return self.values.get(name, default)

    def _handle_msg(self, data: Any) -> None:
        if not isinstance(data, dict):
            return
        name = str(data.get("name", ""))
        seq = data.get("seq")
        if isinstance(seq, int) and seq > self._ack:
            self._ack = seq
        if data.get("event") == "change":
            value = str(data.get("value", ""))
            self.values[name] = value
            callback = self._on_change.get(name)
            if callback is not None:
                with hold():
                    callback(value)
        elif data.get("event") == "click":
            sent = data.get("values")
            if isinstance(sent, dict):
                self.values.update({str(k): str(v) for k, v in sent.items()})
            click = self._on_click.get(name)
            if click is not None:
                with hold():
                    click()
