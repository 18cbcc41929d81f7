"""The `vroegsignaal` dispatcher, run as a real subprocess like a user would."""

from __future__ import annotations

import subprocess
import sys

from signals.cli import COMMANDS


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "signals.cli", *args], capture_output=True, text=True, check=False
    )


def test_help_lists_every_command() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


def test_no_arguments_is_a_usage_error() -> None:
    assert _run().returncode == 2


def test_unknown_command_is_a_usage_error_in_dutch() -> None:
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "Onbekend commando" in result.stderr


def test_every_command_module_exists_and_exposes_a_typer_app() -> None:
    import importlib

    import typer

    for name, (target, _) in COMMANDS.items():
        module_name, attr = target.split(":")
        module = importlib.import_module(module_name)
        assert isinstance(getattr(module, attr), typer.Typer), name
