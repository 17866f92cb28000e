"""Shared fixtures: the real data, loaded once (it is read-only)."""

from __future__ import annotations

import pytest

from knowledge import Knowledge, load_knowledge
from knowledge.places import Gazetteer


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def gazetteer(knowledge: Knowledge) -> Gazetteer:
    return Gazetteer.from_knowledge(knowledge)
