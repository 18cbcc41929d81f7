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


BIASED = (
    ("measurement", "migratieachtergrond", "buiten_europa", 0.2),
    ("label", "geslacht", "V", 0.4),
    ("proxy", "wijk", "Noord", 0.9),
)


@pytest.fixture(scope="session")
def fair_world(tmp_path_factory):
    """A world without planted bias, with a trained and frozen model."""
    from fairness_world import write_world

    return write_world(tmp_path_factory.mktemp("fair"), households=2000, seed=31, k=100)


@pytest.fixture(scope="session")
def biased_world(tmp_path_factory):
    """One world with all three planted biases, each on its own attribute."""
    from fairness_world import Planted, write_world

    bias = tuple(Planted(*b) for b in BIASED)
    return write_world(
        tmp_path_factory.mktemp("biased"), households=2000, seed=32, k=100, bias=bias
    )
