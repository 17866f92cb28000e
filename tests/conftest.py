"""Shared fixtures: the real data, loaded once (it is read-only), and `env`, the real bot over
HTTP on the Bot API stand-in (tests/http_bot.py)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from knowledge import Knowledge, load_knowledge
from knowledge.faq import Faq
from knowledge.places import Gazetteer
from tests.http_bot import env  # noqa: F401  (a fixture: the real bot on the stand-in, for the HTTP tests)


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def gazetteer(knowledge: Knowledge) -> Gazetteer:
    return Gazetteer.from_knowledge(knowledge)


@pytest.fixture(scope="session")
def faq(knowledge: Knowledge, gazetteer: Gazetteer) -> Faq:
    return Faq(knowledge, gazetteer)


@pytest.fixture(scope="session")
def guide(knowledge: Knowledge) -> Guide:
    """The dialog on the real data: a pure step function, shared (it keeps no chat's state)."""
    return Guide(knowledge)
