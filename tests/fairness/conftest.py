from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fairness_synthetic import world

from fairness import attach_groups, load_policy


@pytest.fixture(scope="session")
def policy():
    return load_policy()


@pytest.fixture(scope="session")
def fair_frame(policy):
    evaluation, groups = world(seed=11, tiny_group=30)
    return attach_groups(evaluation, groups, attributes=policy.attributes)
