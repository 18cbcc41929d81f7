"""Accounts: argon2 hashes in the casework database, the users command, demo accounts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from casework import CaseworkError, Role, Store, create_demo_users
from casework.users_cli import app
from tests.casework.conftest import password_of


def test_authenticate(store: Store) -> None:
    user = store.authenticate("werker", password_of("werker"))
    assert user is not None and user.role == Role.MAATSCHAPPELIJK_WERKER and user.team == "wijkteam"
    assert store.authenticate("werker", "fout-wachtwoord") is None
    assert store.authenticate("niemand", "wat-dan-ook-123") is None
    store.disable_user("werker2")
    assert store.authenticate("werker2", password_of("werker2")) is None


def test_passwords_are_stored_as_argon2id_hashes(store: Store) -> None:
    with store.read() as s:
        hashes = dict(s.execute(sa.text("SELECT username, password_hash FROM users")).all())
    assert all(h.startswith("$argon2id$") for h in hashes.values())
    assert all(password_of(u) not in h for u, h in hashes.items())


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("X y", "lang-genoeg-1", "beheerder", None), "Ongeldige gebruikersnaam"),
        (("kort", "kort", "beheerder", None), "te kort"),
        (("zonderteam", "lang-genoeg-1", "maatschappelijk_werker", None), "--team"),
        (("rolloos", "lang-genoeg-1", "koning", None), "Onbekende rol"),
        (("werker", "lang-genoeg-1", "beheerder", None), "bestaat al"),
    ],
)
def test_bad_accounts_are_refused(store: Store, args, match: str) -> None:
    username, password, role, team = args
    with pytest.raises(CaseworkError, match=match):
        store.add_user(username, password, role=role, team=team)


def test_users_command(store: Store, world) -> None:
    env = {"VROEGSIGNAAL_DATABASE_URL": store.url} if store.dialect != "sqlite" else {}
    data = ["--data", str(world.data.root)]
    runner = CliRunner()
    added = runner.invoke(
        app,
        [
            "add",
            "nieuwe.leider",
            "--role",
            "teamleider",
            "--team",
            "zuid",
            "--password-stdin",
            *data,
        ],
        input="een-goed-wachtwoord\n",
        env=env,
    )
    assert added.exit_code == 0, added.output
    assert store.authenticate("nieuwe.leider", "een-goed-wachtwoord") is not None
    listed = runner.invoke(app, ["list", *data], env=env)
    assert "nieuwe.leider" in listed.output and "zuid" in listed.output
    assert runner.invoke(app, ["disable", "nieuwe.leider", *data], env=env).exit_code == 0
    assert "uitgeschakeld" in runner.invoke(app, ["list", *data], env=env).output
    no_stdin = runner.invoke(app, ["add", "x1", "--role", "beheerder", *data], env=env)
    assert no_stdin.exit_code == 2 and "--password-stdin" in no_stdin.output
    bad = runner.invoke(
        app,
        ["add", "x2", "--role", "koning", "--password-stdin", *data],
        input="een-goed-wachtwoord\n",
        env=env,
    )
    assert bad.exit_code == 1 and "Onbekende rol" in bad.output


def test_demo_users_one_per_role(store: Store) -> None:
    created = create_demo_users(store)
    assert sorted(role for _, _, role, _ in created) == sorted(r.value for r in Role)
    username, password, role, team = created[0]
    user = store.authenticate(username, password)
    assert user is not None and user.role == role and user.team == team
    assert create_demo_users(store) == []  # the passwords are shown only once
