"""Shared browser assertions: axe-core finds no serious violations; forbidden views stay closed."""

from __future__ import annotations

import socket
from collections.abc import Iterable

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

__all__ = ["assert_forbidden", "assert_no_serious_axe_violations", "free_port", "open_and_capture"]

_AXE = Axe()


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_no_serious_axe_violations(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules and best practices) on the page as it is now."""
    results = _AXE.run(page)
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3], v["help"])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe-core violations on {page.url}: {bad}"


_DEEP_TEXT = """() => {
  const out = [];
  const walk = (node) => {
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out.push(child.textContent);
      else walk(child);
    }
  };
  walk(document.body);
  return out.join(" ");
}"""


def open_and_capture(page: Page, url: str, *, ready: str) -> str:
    """Open ``url`` and return everything the server sent to the page over its websocket plus
    all rendered text (shadow roots included), once the text ``ready`` is shown."""
    frames: list[str] = []

    def on_socket(ws) -> None:  # type: ignore[no-untyped-def]
        ws.on(
            "framereceived",
            lambda data: frames.append(
                data if isinstance(data, str) else data.decode("utf-8", "replace")
            ),
        )

    page.on("websocket", on_socket)
    try:
        page.goto(url)
        expect(page.get_by_text(ready).first).to_be_visible()
        rendered = page.evaluate(_DEEP_TEXT)
    finally:
        page.remove_listener("websocket", on_socket)
    return "\n".join(frames) + "\n" + str(rendered)


def assert_forbidden(
    page: Page, server: str, routes: Iterable[str], *, secrets: Iterable[str]
) -> None:
    """Each route, typed by hand, shows only the "geen toegang" page, and none of the secrets is
    sent to the browser at all."""
    secrets = list(secrets)
    for route in routes:
        payload = open_and_capture(page, f"{server}{route}", ready="Geen toegang")
        expect(page.get_by_role("heading", name="Geen toegang", level=1)).to_be_visible()
        for secret in secrets:
            assert secret not in payload, f"{secret!r} leaked on {route}"
