"""``vroegsignaal serve``: start the case board and the review dashboards."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from signals.paths import DataDir, DataOption

if TYPE_CHECKING:
    from dashboards.gateway import CaseworkGateway

__all__ = ["app"]

app = typer.Typer(add_completion=False, help="Start het casusbord en de dashboards.")


@app.command()
def serve(
    data: DataOption = Path("data"),
    port: Annotated[int, typer.Option(help="Poort / port.")] = 5006,
    address: Annotated[
        str, typer.Option(help="Adres om op te luisteren / address to listen on.")
    ] = "127.0.0.1",
    session_hours: Annotated[
        float,
        typer.Option(
            "--sessie-uren",
            envvar="VROEGSIGNAAL_SESSIE_UREN",
            help="Na hoeveel uur een sessie verloopt / hours after which a session expires.",
        ),
    ] = 8.0,
    behind_proxy: Annotated[
        bool,
        typer.Option(
            "--achter-proxy",
            envvar="VROEGSIGNAAL_ACHTER_PROXY",
            help="Neem het adres van de gebruiker uit X-Real-Ip/X-Forwarded-For (alleen achter "
            "een eigen proxy) / take the client address from X-Real-Ip/X-Forwarded-For (only "
            "behind your own proxy).",
        ),
    ] = False,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Maak een demo-account per rol en toon de wachtwoorden "
            "/ create one demo account per role and show the passwords.",
        ),
    ] = False,
) -> None:
    """Start de webserver en druk het adres af."""
    from dashboards.gateway import CaseworkGateway
    from dashboards.server import build_server

    datadir = DataDir(data)
    gateway = CaseworkGateway.for_data(datadir)
    if demo:
        _demo_accounts(gateway)
    server = build_server(
        data=datadir,
        port=port,
        address=address,
        session_hours=session_hours,
        gateway=gateway,
        behind_proxy=behind_proxy,
    )
    server.start()
    typer.echo(f"Vroegsignaal draait op http://{address}:{server.port}/ (stoppen: Ctrl+C)")
    try:
        server.io_loop.start()
    except KeyboardInterrupt:
        typer.echo("Gestopt.")


def _demo_accounts(gateway: CaseworkGateway) -> None:
    from casework import create_demo_users

    created = create_demo_users(gateway.store)
    if not created:
        typer.echo(
            "De demo-accounts bestaan al (demo-...). Hun wachtwoorden zijn getoond toen ze "
            "werden gemaakt."
        )
        return
    typer.echo("Demo-accounts (de wachtwoorden worden maar één keer getoond):")
    for username, password, role, team in created:
        suffix = f", team {team}" if team else ""
        typer.echo(f"  {username:<30} {password:<20} ({role}{suffix})")
