"""The model registry: every trained model a frozen, versioned folder under ``DATA/models``.

Layout::

    models/<version>/manifest.json         what, when, on which data, with which code and settings
    models/<version>/model.txt             the LightGBM trees (text format)
    models/<version>/calibration.json      the Platt curve from raw output to probability
    models/<version>/metrics.json          backtest per test month: model, baselines, oracle
    models/<version>/evaluation.parquet    the model's test-month scores (for the fairness audit)
    models/<version>/evaluation_baselines.parquet
    models/<version>/global_importance.parquet, global_dependence.parquet
    models/<version>/fairness_gate.json    written by the fairness audit, not by this module
    models/ACTIVE.json                     the version scoring uses, and why it was allowed

A version is written once, into a temporary folder that is renamed into place, and its files are
made read-only; the manifest keeps a SHA-256 of each file, checked on every load. Nothing here ever
trains: a model in use is exactly the one that was frozen.

Promotion hook: ``activate(version)`` reads ``fairness_gate.json`` (``{"verdict": "pass" | "fail" |
"undetermined", "signoff": {"reviewer", "reason", "at"} | null, ...}``) and refuses unless the
verdict is ``pass``, or ``undetermined`` with a complete sign-off.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import lightgbm as lgb
import pandas as pd

from models.messages import ModelError
from models.rankers import LightGBMRanker, PlattCalibration
from models.training import TrainingConfig, TrainingResult
from signals.paths import DataDir

__all__ = [
    "GATE_FILE",
    "ModelVersion",
    "activate",
    "active_version",
    "code_version",
    "exists",
    "gate_status",
    "list_versions",
    "load",
    "save",
    "version_id",
]

GATE_FILE = "fairness_gate.json"
ACTIVE_FILE = "ACTIVE.json"
_FROZEN_FILES = (
    "model.txt",
    "calibration.json",
    "metrics.json",
    "evaluation.parquet",
    "evaluation_baselines.parquet",
)


def code_version() -> str:
    """``git describe`` of the source tree when available, else the installed package version."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"],  # noqa: S607
            cwd=here,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return f"vroegsignaal {metadata.version('vroegsignaal')}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_json(path: Path, payload: Any) -> None:
    path.write_text(
        json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
    )


@dataclass(frozen=True)
class ModelVersion:
    """A loaded, verified registry entry."""

    version: str
    path: Path
    manifest: dict[str, Any]
    model: LightGBMRanker

    @property
    def metrics(self) -> dict[str, Any]:
        return json.loads((self.path / "metrics.json").read_text("utf-8"))


def _months(months: tuple[date, ...]) -> list[str]:
    return [mo.isoformat() for mo in months]


def save(
    data: DataDir,
    result: TrainingResult,
    *,
    metrics: dict[str, Any],
    extra_frames: dict[str, pd.DataFrame] | None = None,
) -> tuple[str, bool]:
    """Freeze ``result`` as a new version. Returns ``(version, created)``; ``created`` is False when
    exactly this version (same data, code and settings) already exists, which is left untouched."""
    assert result.model.booster is not None
    code = code_version()
    config = result.config.as_dict()
    version = version_id(
        fingerprint=result.fingerprint,
        config=result.config,
        last_month=max(result.production.calibration_as_of),
    )
    root = data.models
    target = root / version
    if target.exists():
        return version, False
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{version}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        result.model.booster.save_model(str(tmp / "model.txt"))
        cal = result.model.calibration
        _write_json(tmp / "calibration.json", {"slope": cal.slope, "intercept": cal.intercept})
        _write_json(tmp / "metrics.json", metrics)
        result.evaluation.to_parquet(tmp / "evaluation.parquet", index=False)
        result.evaluation_baselines.to_parquet(tmp / "evaluation_baselines.parquet", index=False)
        names = list(_FROZEN_FILES)
        for name, frame in (extra_frames or {}).items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
            names.append(f"{name}.parquet")
        manifest = {
            "version": version,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "code_version": code,
            "source_hash": _source_hash(),
            "data_fingerprint": result.fingerprint,
            "features": list(result.config.features),
            "params": dict(result.config.lgbm_params),
            "config": config,
            "training_window": {
                "label_timespan_months": result.config.label_timespan,
                "train_as_of": _months(result.production.train_as_of),
                "calibration_as_of": _months(result.production.calibration_as_of),
                "labels_known_through": result.production.label_known_by.isoformat(),
            },
            "test_months": [s.test_as_of.isoformat() for s in result.splits if s.test_as_of],
            "has_truth": result.has_truth,
            "files": {name: _sha256(tmp / name) for name in names},
        }
        _write_json(tmp / "manifest.json", manifest)
        for name in [*names, "manifest.json"]:
            (tmp / name).chmod(0o444)
        try:
            tmp.rename(target)
        except OSError:
            if not exists(data, version):
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another run froze the same version first
            return version, False
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return version, True


def _source_hash() -> str:
    """SHA-256 over the model layer's own source files: the code that trains. Unlike ``git
    describe`` it does not change when unrelated parts of the repository do."""
    digest = hashlib.sha256(metadata.version("vroegsignaal").encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def version_id(*, fingerprint: str, config: TrainingConfig, last_month: date) -> str:
    """The version a training run gets: ``YYYYMM-<hash>`` of the last month whose label it uses
    and a hash of the data fingerprint, the model code (``models/*.py``) and the settings. Same
    inputs, same version, so a retrain on unchanged data is recognised before it starts."""
    identity = hashlib.sha256(
        json.dumps(
            [fingerprint, _source_hash(), config.as_dict()], sort_keys=True, default=str
        ).encode()
    ).hexdigest()
    return f"{last_month:%Y%m}-{identity[:10]}"


def exists(data: DataDir, version: str) -> bool:
    return (data.models / version / "manifest.json").is_file()


def list_versions(data: DataDir) -> list[str]:
    """All frozen versions, oldest first (by the last label month, then by creation time)."""
    if not data.models.is_dir():
        return []
    found = []
    for path in data.models.iterdir():
        manifest = path / "manifest.json"
        if path.is_dir() and manifest.is_file():
            created = json.loads(manifest.read_text("utf-8")).get("created_at", "")
            found.append((path.name.split("-")[0], created, path.name))
    return [name for _, _, name in sorted(found)]


def _folder(data: DataDir, version: str) -> Path:
    path = data.models / version
    if "/" in version or version.startswith(".") or not (path / "manifest.json").is_file():
        raise ModelError("onbekende_versie", version=version, path=str(data.models))
    return path


def load(data: DataDir, version: str) -> ModelVersion:
    """Load a version after checking every frozen file against its recorded hash."""
    path = _folder(data, version)
    manifest = json.loads((path / "manifest.json").read_text("utf-8"))
    for name, digest in manifest["files"].items():
        if not (path / name).is_file() or _sha256(path / name) != digest:
            raise ModelError("artefact_gewijzigd", file=name, version=version)
    cal = json.loads((path / "calibration.json").read_text("utf-8"))
    model = LightGBMRanker(
        params=dict(manifest["params"]),
        features=tuple(manifest["features"]),
        booster=lgb.Booster(model_file=str(path / "model.txt")),
        calibration=PlattCalibration(slope=cal["slope"], intercept=cal["intercept"]),
    )
    return ModelVersion(version=version, path=path, manifest=manifest, model=model)


def gate_status(data: DataDir, version: str) -> tuple[bool, str]:
    """Whether ``version`` may be activated, and the message key explaining why (not)."""
    gate_path = _folder(data, version) / GATE_FILE
    if not gate_path.is_file():
        return False, "geen_toets"
    try:
        gate = json.loads(gate_path.read_text("utf-8"))
        verdict = gate["verdict"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError("toets_onleesbaar", path=str(gate_path), detail=str(exc)) from exc
    if verdict == "pass":
        return True, "pass"
    if verdict == "undetermined":
        signoff = gate.get("signoff")
        complete = isinstance(signoff, dict) and all(
            isinstance(signoff.get(f), str) and signoff[f].strip()
            for f in ("reviewer", "reason", "at")
        )
        return (True, "undetermined_signed") if complete else (False, "toets_onbeslist")
    if verdict == "fail":
        return False, "toets_afgekeurd"
    raise ModelError("toets_onleesbaar", path=str(gate_path), detail=f"verdict {verdict!r}")


def activate(data: DataDir, version: str, *, activated_by: str | None = None) -> dict[str, Any]:
    """Make ``version`` the one scoring uses, if its fairness gate allows it. Raises ``ModelError``
    (in the user's language) otherwise; the previously active version then stays active."""
    load(data, version)  # refuses a tampered artefact
    allowed, reason = gate_status(data, version)
    if not allowed:
        raise ModelError(reason, version=version, path=str(data.models / version / GATE_FILE))
    gate = json.loads((data.models / version / GATE_FILE).read_text("utf-8"))
    record = {
        "version": version,
        "activated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "activated_by": activated_by or os.environ.get("USER", "onbekend"),
        "gate_verdict": gate["verdict"],
        "gate_signoff": gate.get("signoff"),
    }
    tmp = data.models / f".{ACTIVE_FILE}.tmp"
    _write_json(tmp, record)
    tmp.replace(data.models / ACTIVE_FILE)
    return record


def active_version(data: DataDir) -> str:
    """The active version; ``ModelError`` when none was activated."""
    path = data.models / ACTIVE_FILE
    if not path.is_file():
        raise ModelError("geen_actief_model")
    return str(json.loads(path.read_text("utf-8"))["version"])
