"""Ours over each HTTP client beside the bare echo bot, same run, rounds alternated.

The bot's Bot API requests go through aiohttp (`bot.aiohttp_request`) or, with `TELEGRAM_HTTP=httpx`,
PTB's own `HTTPXRequest` (the pool sized as before). Each round measures, in an order that
turns from one round to the next: ours over aiohttp, ours over httpx, the echo (PTB's
defaults: httpx, one connection), the echo acknowledging taps. Figures as `benchmarks.http_cpu`
(the process's CPU per update, 40 chats of 11 updates).

Run: `.venv/bin/python -m benchmarks.http_clients [off|on] [ROUNDS]`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from benchmarks.http_cpu import measure_echo, measure_ours


def rounds(limited: bool, count: int) -> list[dict[str, float]]:
    """`count` rounds; each a dict of CPU ms per update by what was measured."""
    runs: dict[str, Callable[[], tuple[float, float, float]]] = {
        "aiohttp": lambda: measure_ours(limited, extra={"TELEGRAM_HTTP": "aiohttp"}),
        "httpx": lambda: measure_ours(limited, extra={"TELEGRAM_HTTP": "httpx"}),
        "echo": lambda: measure_echo(limited),
        "echo+ack": lambda: measure_echo(limited, ack=True),
    }
    names = list(runs)
    out = []
    for n in range(count):
        order = names[n % len(names) :] + names[: n % len(names)]
        figures = {name: runs[name]()[0] for name in order}
        figures["load"] = os.getloadavg()[0]
        out.append(figures)
        print(_line(limited, figures), flush=True)
    return out


def _line(limited: bool, f: dict[str, float]) -> str:
    return (
        f"flood limits {'on' if limited else 'off'}: aiohttp {f['aiohttp']:.2f} ms "
        f"({f['aiohttp'] / f['echo']:.2f}x echo, {f['aiohttp'] / f['echo+ack']:.2f}x ack), "
        f"httpx {f['httpx']:.2f} ms ({f['httpx'] / f['echo']:.2f}x, "
        f"{f['httpx'] / f['echo+ack']:.2f}x), echo {f['echo']:.2f}, echo+ack "
        f"{f['echo+ack']:.2f}; aiohttp/httpx {f['aiohttp'] / f['httpx']:.2f} "
        f"[load {f['load']:.1f}]"
    )


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "off"
    rounds(mode == "on", int(sys.argv[2]) if len(sys.argv) > 2 else 3)
