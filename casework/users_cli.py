"""``vroegsignaal users``: manage accounts (argon2id hashes in the casework database)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from casework.cli import friendly
from casework.messages import message as _t
from casework.store import open_store
from casework.users import create_demo_users
from signals.paths import DataDir, DataOption

__all__ = ["app"]

app = typer.Typer(help=_t("cli.users_help"), no_args_is_help=True, add_completion=False)


@app.command(help=_t("cli.add_help"))
@friendly
def add(
    username: Annotated[str, typer.Argument(help=_t("cli.username_help"))],
    role: Annotated[str, typer.Option("--role", help=_t("cli.role_help"))],
    team: Annotated[str | None, typer.Option("--team", help=_t("cli.user_team_help"))] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help=_t("cli.stdin_help"))
    ] = False,
    data: DataOption = Path("data"),
) -> None:
    if not password_stdin:
        typer.echo(_t("cli.password_stdin"), err=True)
        raise typer.Exit(2)
    password = sys.stdin.readline().rstrip("\r\n")
    with open_store(DataDir.from_option(data)) as store:
        user = store.add_user(username, password, role=role, team=team)
    team_text = f", team {user.team}" if user.team else ""
    typer.echo(_t("cli.user_added", username=user.username, role=user.role.value, team=team_text))


@app.command("list", help=_t("cli.list_help"))
@friendly
def list_(data: DataOption = Path("data")) -> None:
    with open_store(DataDir.from_option(data)) as store:
        users = store.list_users()
    for u in users:
        state = _t("cli.active") if u["active"] else _t("cli.disabled")
        typer.echo(f"{u['username']:<32} {u['role']:<24} {u['team'] or '-':<16} {state}")


@app.command(help=_t("cli.disable_help"))
@friendly
def disable(
    username: Annotated[str, typer.Argument(help=_t("cli.username_help"))],
    data: DataOption = Path("data"),
) -> None:
    with open_store(DataDir.from_option(data)) as store:
        store.disable_user(username)
    typer.echo(_t("cli.user_disabled", username=username))


@app.command(help=_t("cli.demo_help"))
@friendly
def demo(data: DataOption = Path("data")) -> None:
    with open_store(DataDir.from_option(data)) as store:
        created = create_demo_users(store)
    if not created:
        typer.echo(_t("cli.demo_exists"))
    for username, password, role, team in created:
        typer.echo(f"{username:<32} {password:<20} {role:<24} {team or '-'}")
