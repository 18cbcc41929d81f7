from __future__ import annotations

import shutil

import pytest

from models.training import TrainingConfig, TrainingResult, train
from models.workflow import register
from signals.paths import DataDir
from tests.models.models_synthetic import tables


@pytest.fixture(scope="session")
def synthetic_tables():
    return tables(households=400, months=32)


@pytest.fixture(scope="session")
def trained(synthetic_tables) -> TrainingResult:
    features, labels, truth = synthetic_tables
    return train(features, labels, truth=truth, config=TrainingConfig(k=20, test_months=3))


@pytest.fixture(scope="session")
def registered(tmp_path_factory, trained) -> tuple[DataDir, str]:
    """A data folder with ``trained`` frozen in its registry (do not modify; see ``registry``)."""
    data = DataDir(tmp_path_factory.mktemp("registered"))
    version, created = register(data, trained)
    assert created
    return data, version


@pytest.fixture
def registry_copy(tmp_path, registered) -> tuple[DataDir, str]:
    """A private copy of ``registered`` that a test may change."""
    data, version = registered
    target = tmp_path / "data"
    shutil.copytree(data.root, target)
    return DataDir(target), version
