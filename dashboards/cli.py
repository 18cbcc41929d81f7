"""``vroegsignaal serve``: start the case board and the review dashboards."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from signals.paths import DataDir, DataOption

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
) -> None:
    """Start de webserver en druk het adres af."""
    from dashboards.server import build_server

    server = build_server(
        data=DataDir(data), port=port, address=address, session_hours=session_hours
    )
    server.start()
    typer.echo(f"Vroegsignaal draait op http://{address}:{server.port}/ (stoppen: Ctrl+C)")
    try:
        server.io_loop.start()
    except KeyboardInterrupt:
        typer.echo("Gestopt.")
