"""The native form's server side: what the browser sends updates the values the handlers see,
and every drawing tells the browser which of its changes the server has seen."""

from __future__ import annotations

from dashboards.form import NativeForm


def test_changes_and_clicks_reach_the_handlers_with_the_values_the_user_saw() -> None:
    form = NativeForm()
    seen: list[tuple[str, str]] = []
    form.on_change("state", lambda value: seen.append(("state", value)))
    form.on_click("go", lambda: seen.append(("go", form.value("reason"))))

    form._handle_msg({"event": "change", "name": "state", "value": "assigned", "seq": 1})
    form._handle_msg({"event": "click", "name": "go", "values": {"reason": "<b>x</b>"}, "seq": 2})

    assert seen == [("state", "assigned"), ("go", "<b>x</b>")]
    assert form.value("state") == "assigned"
    assert form.value("missing", "default") == "default"


def test_each_drawing_is_new_and_carries_the_last_change_seen() -> None:
    form = NativeForm()
    groups = [{"items": [{"kind": "text", "name": "reason", "label": "Reden", "value": ""}]}]
    form.draw(groups)
    first = form.spec
    form._handle_msg({"event": "change", "name": "reason", "value": "abc", "seq": 7})
    form._handle_msg({"event": "change", "name": "reason", "value": "old", "seq": 3})  # late
    form.draw(groups)  # the same groups still redraw (e.g. to empty a field after an action)
    assert form.spec["rev"] == first["rev"] + 1
    assert form.spec["ack"] == 7
    assert form.spec["groups"] == groups


def test_unknown_messages_are_ignored() -> None:
    form = NativeForm()
    form.on_click("go", lambda: (_ for _ in ()).throw(AssertionError("must not run")))
    form._handle_msg("not a dict")
    form._handle_msg({"event": "click", "name": "other"})
    form._handle_msg({"event": "scroll", "name": "go"})
    assert form.values == {}
