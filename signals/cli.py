"""The ``vroegsignaal`` command.

Each sub-command lives in the layer it belongs to and is imported only when it is used, so that
``vroegsignaal validate`` does not pay for importing Dagster, LightGBM or Panel.
"""

from __future__ import annotations

import importlib
import sys

__all__ = ["COMMANDS", "main"]

#: name -> (module:attribute of a Typer app, one-line description). The one list of commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("signals.validate_cli:app", "Controleer aanleveringen zonder ze te laden"),
    "simulate": ("signals.simulator.cli:app", "Maak een gesimuleerde gemeente met aanleveringen"),
    "run": ("pipelines.cli:app", "Draai de hele pijplijn via Dagster"),
    "demo": ("pipelines.demo:app", "Simuleer, draai de pijplijn en activeer het model (make run)"),
    "model": ("models.cli:app", "Risicomodel: trainen, rapport, activeren"),
    "audit": ("fairness.cli:app", "Eerlijkheidsaudit van een modelversie"),
    "casework": ("casework.cli:app", "Casussen: intake, inzage, auditspoor"),
    "users": ("casework.users_cli:app", "Gebruikers beheren"),
    "serve": ("dashboards.cli:app", "Start het casusbord en de dashboards"),
}


def _usage() -> str:
    width = max(len(n) for n in COMMANDS)
    lines = ["Gebruik: vroegsignaal COMMANDO [OPTIES]", "", "Commando's:"]
    lines += [f"  {name:<{width}}  {desc}" for name, (_, desc) in COMMANDS.items()]
    lines += ["", "Meer hulp: vroegsignaal COMMANDO --help"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        raise SystemExit(0 if args else 2)
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"Onbekend commando: {name!r}\n\n{_usage()}", file=sys.stderr)
        raise SystemExit(2)
    target, _ = COMMANDS[name]
    module_name, attr = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            print(f"Het commando {name!r} is nog niet beschikbaar in deze versie.", file=sys.stderr)
            raise SystemExit(2) from exc
        raise
    app = getattr(module, attr)
    app(args=rest, prog_name=f"vroegsignaal {name}")


if __name__ == "__main__":
    main()
