"""The Bot API stand-in refuses what Telegram refuses, so a message the real API would not
send fails the tests instead of passing them (HTML parse mode, caption length)."""

from __future__ import annotations

import pytest

from tests.fake_telegram import FakeTelegram, html_problem


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<b>Résultat</b> : fiche 4", id="tags"),
        pytest.param("&lt;b&gt; &amp; &quot; &#x27; &#39;", id="entities"),
        pytest.param('<a href="https://x.example/a?b=1&amp;c=2">doc</a>', id="link"),
        pytest.param("<i>Source :</i> <b><i>nested</i></b>", id="nested"),
    ],
)
def test_what_telegram_accepts(text: str) -> None:
    assert html_problem(text) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<b>cut in the middle", id="unclosed"),
        pytest.param("<i>a<b>c</i></b>", id="crossed"),
        pytest.param("<script>x</script>", id="unknown-tag"),
        pytest.param("3 < 5", id="bare-lt"),
        pytest.param("&nbsp;", id="named-entity"),
    ],
)
def test_what_telegram_refuses(text: str) -> None:
    assert html_problem(text) is not None
    fake = FakeTelegram()
    answer = fake.handle("sendMessage", {"chat_id": 1, "text": text, "parse_mode": "HTML"})
    assert answer["ok"] is False and "can't parse entities" in answer["description"]
    caption = {"chat_id": 1, "caption": text, "parse_mode": "HTML"}
    assert fake.handle("sendDocument", caption)["ok"] is False
    assert fake.handle("sendMessage", {"chat_id": 1, "text": text})["ok"] is True  # plain


def test_a_caption_over_1024_characters_is_refused() -> None:
    fake = FakeTelegram()
    assert fake.handle("sendDocument", {"chat_id": 1, "caption": "x" * 1025})["ok"] is False
    assert fake.handle("sendDocument", {"chat_id": 1, "caption": "x" * 1024})["ok"] is True
