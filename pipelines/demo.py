"""``vroegsignaal demo``: the embedded default that ``make run`` uses.

1. Simulate a municipality when the data folder holds no deliveries.
2. Run the whole pipeline (features, labels, model training, fairness audit, publication).
3. Promote the newest model if its fairness gate allows it. On a *simulated* municipality an
   undetermined gate is signed off in the name of "demo (make run)", recorded like any sign-off
   and visible to ethics reviewers; a failed gate is never overridden. Real data (no simulator
   summary in the folder) always waits for a named ethics reviewer.
4. When a model was promoted, run the pipeline again so the months are scored, published and
   taken in as case proposals.
"""

import subprocess
import sys
from pathlib import Path

import typer

from signals.i18n import translate
from signals.paths import DataDir, DataOption

__all__ = ["app", "promote_for_demo"]

DEMO_REVIEWER = "demo (make run)"

_MESSAGES: dict[str, dict[str, str]] = {
    "simulating": {
        "nl": "Geen aanleveringen in {path}: ik maak een gesimuleerde gemeente.",
        "en": "No deliveries in {path}: simulating a municipality.",
    },
    "active": {
        "nl": "Model {version} is actief.",
        "en": "Model {version} is active.",
    },
    "no_model": {
        "nl": "Er is nog geen model getraind (te weinig maanden met bekende uitkomsten).",
        "en": "No model has been trained yet (too few months with known outcomes).",
    },
    "refused": {
        "nl": "Model {version} is NIET geactiveerd: de eerlijkheidstoets is {verdict}. "
        "Zie {path}. Het casusbord toont dan geen nieuwe voorstellen.",
        "en": "Model {version} was NOT activated: the fairness gate is {verdict}. "
        "See {path}. The case board then shows no new proposals.",
    },
    "signed": {
        "nl": "Eerlijkheidstoets van {version} is onbeslist; omdat dit een gesimuleerde gemeente "
        "is, is het akkoord vastgelegd als '{reviewer}'. Bij echte gegevens tekent een ethisch "
        "toetser zelf: vroegsignaal audit signoff.",
        "en": "The fairness gate of {version} is undetermined; as this is a simulated "
        "municipality the sign-off was recorded as '{reviewer}'. With real data an ethics "
        "reviewer signs off: vroegsignaal audit signoff.",
    },
    "rerun": {
        "nl": "Ik draai de pijplijn opnieuw om te scoren en casussen voor te stellen.",
        "en": "Running the pipeline again to score and propose cases.",
    },
}

_SIGNOFF_REASON = (
    "Gesimuleerde gemeente voor de demonstratie (make run): geen echte inwoners. "
    "Niet geldig voor echte gegevens."
)

app = typer.Typer(add_completion=False, help="Demo: simuleer, draai de pijplijn, activeer.")


def promote_for_demo(data: DataDir) -> tuple[str | None, bool]:
    """Activate the newest model if its gate allows (see the module docstring).

    Returns ``(message, promoted)``: what happened, in the user's language, and whether a model
    became active that was not active before.
    """
    from fairness import read_gate, sign_off
    from models import registry
    from models.messages import ModelError

    versions = registry.list_versions(data)
    if not versions:
        return translate(_MESSAGES, "no_model"), False
    newest = versions[-1]
    try:
        if registry.active_version(data) == newest:
            return translate(_MESSAGES, "active", version=newest), False
    except ModelError:
        pass
    notes = []
    gate = read_gate(data, newest) or {}
    verdict = gate.get("verdict", "-")
    if verdict == "undetermined" and not gate.get("signoff") and data.summary.is_file():
        sign_off(data, newest, reviewer=DEMO_REVIEWER, reason=_SIGNOFF_REASON)
        notes.append(translate(_MESSAGES, "signed", version=newest, reviewer=DEMO_REVIEWER))
    allowed, _ = registry.gate_status(data, newest)
    if not allowed:
        path = data.models / newest / "fairness_gate.json"
        return translate(_MESSAGES, "refused", version=newest, verdict=verdict, path=path), False
    registry.activate(data, newest, activated_by=DEMO_REVIEWER)
    notes.append(translate(_MESSAGES, "active", version=newest))
    return "\n".join(notes), True


def _vroegsignaal(*args: str) -> None:
    """Run a sibling command in its own process, as a user would (and fail when it fails)."""
    subprocess.run([sys.executable, "-m", "signals.cli", *args], check=True)  # noqa: S603


@app.command()
def demo(data: DataOption = Path("data")) -> None:
    """Simuleer (als er niets is), draai de pijplijn en activeer het model als dat mag."""
    folder = DataDir.from_option(data)
    if not folder.has_deliveries():
        typer.echo(translate(_MESSAGES, "simulating", path=str(folder.root)))
        _vroegsignaal("simulate", "--out", str(folder.root))
    _vroegsignaal("run", "--data", str(folder.root))
    message, promoted = promote_for_demo(folder)
    if message:
        typer.echo(message)
    if promoted:
        typer.echo(translate(_MESSAGES, "rerun"))
        _vroegsignaal("run", "--data", str(folder.root))
