"""Held-out sets are read as figures only.

A held-out set measures the reading on words nobody tuned on; once someone has read its failing
cases it measures nothing new (the notes count sets lost that way, once through a verbose run
that listed every set it scored). So a scorer's `--verbose` lists what is not right for tuning
sets, and for a held-out set only when `--show-held-out` asks for it.
"""

from __future__ import annotations

SHOW_HELP = (
    "with --verbose, list the held-out sets' cases too (the set is then no longer held out)"
)
NOT_LISTED = "held out: cases not listed (--show-held-out lists them)"


def is_held_out(name: str) -> bool:
    """A set file or set name of the held-out kind (`*_heldout*.toml`, "heldout")."""
    return "heldout" in name


def listed(name: str, verbose: bool, show_held_out: bool) -> bool:
    """Whether a verbose run lists the failing cases of set `name`."""
    return verbose and (show_held_out or not is_held_out(name))
