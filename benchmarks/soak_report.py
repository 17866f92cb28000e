"""What a soak counts and prints: the failures found, the figures kept while chats walk, the
bot's own warnings grouped by wording, and the table `make bench` shows."""

from __future__ import annotations

import argparse
import collections
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Failure:
    kind: str
    chat: int
    move: int
    sent: str
    detail: str = ""

    def line(self) -> str:
        return (
            f"{self.kind}: chat {self.chat} move {self.move} sent {self.sent[:60]!r} {self.detail}"
        )


@dataclass
class Figures:
    moves: int = 0
    kills: int = 0
    erasures: int = 0
    erase_asked_again: int = 0  # an old confirmation, asked again (then erased)
    duplicates: int = 0
    duplicates_without_kill: int = 0
    failures: list[Failure] = field(default_factory=list)
    lost: set[int] = field(default_factory=set)  # stored reply ids never delivered
    unanswered: list[tuple[Failure, int, int]] = field(default_factory=list)  # + update, count
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, failure: Failure) -> None:
        with self.lock:
            self.failures.append(failure)


def log_kinds(log: str) -> dict[str, int]:
    """The bot's own warnings about failures, by their wording (ids and kinds only)."""
    kinds: collections.Counter[str] = collections.Counter()
    for line in log.splitlines():
        if " WARNING " not in line and " ERROR " not in line:
            continue
        message = line.split(": ", 1)[-1]
        words = [w for w in message.split() if not any(c.isdigit() for c in w)]
        kinds[" ".join(words)[:100]] += 1
    return dict(kinds.most_common(12))


def figures_table(
    options: argparse.Namespace, figures: Figures, extra: dict[str, Any]
) -> list[tuple[str, str]]:
    kinds = collections.Counter(f.kind for f in figures.failures)
    faults = extra["faults"]
    before, after = extra["load"]
    return [
        ("seed", str(options.seed)),
        ("chats", str(options.chats)),
        ("moves made", f"{figures.moves} ({figures.moves / extra['walked']:.1f}/s)"),
        ("kills (SIGKILL, restart)", f"{figures.kills} (start to first poll: median "
         f"{extra['starts'][len(extra['starts']) // 2]:.1f} s, max {extra['starts'][-1]:.1f} s)"),
        ("Bot API faults injected", f"{sum(faults.values())} {dict(faults)}"),
        ("failures found", f"{len(figures.failures)} {dict(kinds)}"),
        ("replies lost", str(len(figures.lost))),
        ("duplicates", f"{figures.duplicates} ({figures.duplicates_without_kill} without a kill)"),
        ("erasures checked", f"{figures.erasures} ({extra['final_erased']}/{options.chats} at the end), {figures.erase_asked_again} asked again"),
        ("updates parked", str(extra["parked"])),
        ("search index orphans", str(extra["orphans"])),
        ("settled", "yes" if extra["settled"] else "NO (timed out)"),
        ("tracebacks in the log", str(extra["tracebacks"])),
        ("duration", f"{extra['walked']:.0f} s walking, {extra['total']:.0f} s in all"),
        ("load average (1 min)", f"{before[0]:.1f} before, {after[0]:.1f} after"),
    ]  # fmt: skip
