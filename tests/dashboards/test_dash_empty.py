"""Before the pipeline, the model and the audit have produced anything, every view says
"nog geen gegevens" instead of failing (built server-side, without a browser)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import panel as pn
import pytest

from casework import open_store
from dashboards.board import board_view
from dashboards.ethics import ethics_view
from dashboards.gateway import CaseworkGateway
from dashboards.server import AppEnv, PageContext
from dashboards.steward import steward_view
from signals.paths import DataDir


def _texts(objects: Iterable[Any]) -> str:
    out = []
    for obj in objects:
        if isinstance(obj, pn.pane.HTML):
            out.append(str(obj.object))
        elif isinstance(obj, pn.layout.ListLike):
            out.append(_texts(obj.objects))
    return "\n".join(out)


@pytest.fixture(scope="module")
def empty_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppEnv, dict[str, Any]]]:
    data = DataDir(tmp_path_factory.mktemp("empty") / "data")
    store = open_store(data)
    store.add_user("werker", "wachtwoord-werker-123", role="maatschappelijk_werker", team="wijk")
    store.add_user("steward", "wachtwoord-steward-123", role="data_steward")
    store.add_user("ethiek", "wachtwoord-ethiek-123", role="ethiek_reviewer")
    gw = CaseworkGateway(store)
    env = AppEnv(data=data, gateway=gw, cookie_secret="x" * 32)
    accounts = {name: gw.lookup(name) for name in ("werker", "steward", "ethiek")}
    yield env, accounts
    store.close()


@pytest.mark.parametrize(
    ("username", "view", "expected"),
    [
        ("werker", board_view, "Er zijn nog geen voorstellen of open zaken voor uw team."),
        ("steward", steward_view, "De pijplijn heeft nog geen gegevens gepubliceerd."),
        ("steward", steward_view, "Er zijn nog geen runs van de pijplijn gevonden."),
        ("ethiek", ethics_view, "Er is nog geen model getraind."),
        ("ethiek", ethics_view, "Er is nog geen audit uitgevoerd."),
    ],
)
def test_views_without_upstream_data_say_so(empty_env, username, view, expected) -> None:  # type: ignore[no-untyped-def]
    env, accounts = empty_env
    ctx = PageContext(env=env, account=accounts[username], lang="nl")
    text = _texts(view(ctx))
    assert "Nog geen gegevens." in text
    assert expected in text
