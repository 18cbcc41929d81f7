from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from models_synthetic import tables

from models.training import TrainingConfig, TrainingResult, train


@pytest.fixture(scope="session")
def synthetic_tables():
    return tables(households=400, months=32)


@pytest.fixture(scope="session")
def trained(synthetic_tables) -> TrainingResult:
    features, labels, truth = synthetic_tables
    return train(features, labels, truth=truth, config=TrainingConfig(k=20, test_months=3))
