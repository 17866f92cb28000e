"""The text readers' memo (`knowledge.text`): the same keys as without it, and emptied when a
person erases their data (it holds what people wrote lately, in memory)."""

from __future__ import annotations

import random
from pathlib import Path

from knowledge.text import fold, normalize
from tests.test_bot_app import Harness, run_to_verdict

SAMPLES = [
    "Œuvre à St-Omer s/ Aa",
    "  L'ÉCOLE   du quartier — 40 000 € ",
    "Je ne sais pas",
    "ß æ Æ œ",
    "",
    "jardin partagé au pied des immeubles",
]


def test_the_memo_gives_the_same_keys_as_the_function() -> None:
    rng = random.Random(28)
    alphabet = "aàâeéèêiîoôuùçœæ ßSTst/-'’.,!?0123456789 "
    texts = SAMPLES + ["".join(rng.choice(alphabet) for _ in range(20)) for _ in range(2000)]
    for text in texts + texts:  # the second pass is answered from the memo (and evicts)
        assert normalize(text) == normalize.__wrapped__(text), text
        assert fold(text) == fold.__wrapped__(text), text


async def test_an_erasure_empties_the_memo(tmp_path: Path) -> None:
    h = Harness(tmp_path / "bot.sqlite3")
    await h.start()
    await run_to_verdict(h, 77)
    assert normalize.cache_info().currsize > 0
    await h.text(77, "/effacer")
    await h.tap(77, "Oui")
    assert normalize.cache_info().currsize == 0 and fold.cache_info().currsize == 0
    await h.stop()
