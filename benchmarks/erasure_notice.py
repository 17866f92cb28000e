"""How long a person erased by staff from the command line waits for the bot to tell them.

`python -m bot.desk erase N --yes` runs in a process of its own: it queues the person's notice
in the database, and the running bot (`python -m bot`, polling the Bot API stand-in of
tests/fake_telegram.py over HTTP on 127.0.0.1) sends it when it notices. For each of `--runs`
people: a whole conversation to the verdict, a random pause (so the erasure falls anywhere in
the bot's cycle), the desk's erasure, then the time from the desk's exit to the notice's
arrival at the stand-in. Prints each figure, the median and the max, and the load average.

Run: `.venv/bin/python -m benchmarks.erasure_notice [--runs 8] [--seed 1]`.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from tests.fake_telegram import FakeTelegram, StandIn
from tests.http_bot import Bot, erase_from_desk, to_the_verdict, wait_for

TOLD = "l'équipe régionale a effacé"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    waits: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        fake = FakeTelegram()
        with StandIn(fake) as stand_in:
            bot = Bot(
                stand_in,
                Path(tmp) / "bot.sqlite3",
                Path(tmp) / "bot.log",
                {"TELEGRAM_RATE_LIMIT": "off", "STAFF_USER_IDS": "900"},
            )
            fake.db_path = str(bot.db)  # type: ignore[attr-defined]
            bot.start()
            try:
                for run in range(args.runs):
                    chat = 70_000 + run
                    to_the_verdict(fake, chat)
                    time.sleep(rng.uniform(0, 3))
                    erased = erase_from_desk(bot.db, run + 1)
                    wait_for(
                        lambda chat=chat: any(TOLD in str(p["text"]) for p in fake.sent(chat)),
                        timeout=90,
                        what=("the erasure notice", chat),
                    )
                    waits.append(time.monotonic() - erased)
                    print(f"person {run + 1}: told {waits[-1]:.2f} s after the desk's erasure")
            finally:
                bot.stop()
    load = os.getloadavg()
    print(
        f"{len(waits)} erasures: median {statistics.median(waits):.2f} s, "
        f"max {max(waits):.2f} s (load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
