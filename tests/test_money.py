"""Amounts typed the way people type them; babel formatting round-trips through the parser."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.money import format_money, format_rate, parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        pytest.param("2000", "2000", id="plain"),
        pytest.param("2 000 €", "2000", id="spaced-euro"),
        pytest.param("2\u202f000\u00a0€", "2000", id="narrow-nbsp"),
        pytest.param("2.000", "2000", id="dot-thousands"),
        pytest.param("2k", "2000", id="k"),
        pytest.param("2,5 k€", "2500", id="decimal-k"),
        pytest.param("deux mille euros", "2000", id="words"),
        pytest.param("deux mille cinq cents", "2500", id="words-compound"),
        pytest.param("2 000,50", "2000.50", id="french-decimal"),
        pytest.param("2.000,50", "2000.50", id="dot-comma"),
        pytest.param("3,000.50", "3000.50", id="english"),
        pytest.param("environ 3000 euros", "3000", id="words-around"),
        pytest.param("1.000.000", "1000000", id="millions"),
        pytest.param("0", "0", id="zero-is-a-number"),
    ],
)
def test_parse(text: str, amount: str) -> None:
    assert parse_amount(text).amount == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("beaucoup", "not_a_number", id="words-no-number"),
        pytest.param("-500", "negative", id="negative"),
        pytest.param("entre 2000 et 3000", "several_numbers", id="range"),
        pytest.param("999999999999", "too_large", id="absurd"),
        pytest.param("30 %", "percent", id="percent"),
        pytest.param("1e9", "not_a_number", id="scientific"),
    ],
)
def test_refused_with_reason(text: str, problem: str) -> None:
    parsed = parse_amount(text)
    assert parsed.amount is None and parsed.problem == problem


def test_english_words() -> None:
    assert parse_amount("two thousand", "en").amount == Decimal("2000")


def test_format() -> None:
    assert format_money(Decimal("2000")) == "2\u202f000\u00a0€"
    assert format_money(Decimal("1999.99")) == "1\u202f999,99\u00a0€"
    assert format_money(Decimal("2000"), "en") == "€2,000"
    assert format_rate(Decimal("0.299")) == "29,9\u00a0%"


@given(st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False))
def test_babel_format_round_trips(amount: Decimal) -> None:
    for lang in ("fr", "en"):
        assert parse_amount(format_money(amount, lang), lang).amount == amount
