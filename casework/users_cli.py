"""``vroegsignaal users``: manage accounts (argon2id hashes in the casework database)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from casework.cli import friendly
from casework.store import open_store
from casework.users import create_demo_users
from signals.paths import DataDir, DataOption

__all__ = ["app"]

app = typer.Typer(
    help="Gebruikers beheren. / Manage users.", no_args_is_help=True, add_completion=False
)


@app.command()
@friendly
def add(
    username: Annotated[str, typer.Argument(help="Gebruikersnaam.")],
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="maatschappelijk_werker, teamleider, data_steward, ethiek_reviewer, beheerder",
        ),
    ],
    team: Annotated[
        str | None, typer.Option("--team", help="Team (voor werkers en leiders).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Lees het wachtwoord van standaardinvoer.")
    ] = False,
    data: DataOption = Path("data"),
) -> None:
    """Maak een gebruiker aan. Het wachtwoord komt via --password-stdin (nooit als argument)."""
    if not password_stdin:
        typer.echo("Geef het wachtwoord via standaardinvoer met --password-stdin.", err=True)
        raise typer.Exit(2)
    password = sys.stdin.readline().rstrip("\r\n")
    with open_store(DataDir.from_option(data)) as store:
        user = store.add_user(username, password, role=role, team=team)
    team_text = f", team {user.team}" if user.team else ""
    typer.echo(f"Gebruiker {user.username} aangemaakt (rol {user.role.value}{team_text}).")


@app.command("list")
@friendly
def list_(data: DataOption = Path("data")) -> None:
    """Toon alle gebruikers."""
    with open_store(DataDir.from_option(data)) as store:
        users = store.list_users()
    for u in users:
        state = "actief" if u["active"] else "uitgeschakeld"
        typer.echo(f"{u['username']:<32} {u['role']:<24} {u['team'] or '-':<16} {state}")


@app.command()
@friendly
def disable(
    username: Annotated[str, typer.Argument(help="Gebruikersnaam.")],
    data: DataOption = Path("data"),
) -> None:
    """Schakel een gebruiker uit (gebruikers worden nooit verwijderd: het logboek noemt ze)."""
    with open_store(DataDir.from_option(data)) as store:
        store.disable_user(username)
    typer.echo(f"Gebruiker {username} is uitgeschakeld.")


@app.command()
@friendly
def demo(data: DataOption = Path("data")) -> None:
    """Maak één demo-account per rol met een willekeurig wachtwoord (alleen nu getoond)."""
    with open_store(DataDir.from_option(data)) as store:
        created = create_demo_users(store)
    if not created:
        typer.echo(
            "De demo-accounts bestaan al; hun wachtwoorden zijn alleen bij aanmaken getoond."
        )
    for username, password, role, team in created:
        typer.echo(f"{username:<32} {password:<20} {role:<24} {team or '-'}")
