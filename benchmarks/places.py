"""Commune lookup latency over all communes with perturbed spellings, beside raw rapidfuzz.

Both run in the same process on the same queries, so the ratio holds on a noisy machine;
each query's time is the best of 5 runs.
Targets (issue: foundation): p99 < 1 ms and within 2x raw `rapidfuzz.process.extractOne`.
"""

from __future__ import annotations

import random
import statistics
import unicodedata

from rapidfuzz import fuzz, process

from benchmarks.timing import best_of, percentile
from knowledge import load_knowledge
from knowledge.places import Gazetteer
from knowledge.text import normalize


def perturb(name: str, rng: random.Random) -> str:
    """One of the ways people mistype a commune: no accents, case, a typo, 'St', no hyphens."""
    choice = rng.randrange(6)
    if choice == 0:
        return "".join(
            c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
        )
    if choice == 1:
        return name.lower().replace("-", " ")
    if choice == 2 and len(name) > 4:  # drop a letter
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1 :]
    if choice == 3 and len(name) > 4:  # swap two letters
        i = rng.randrange(1, len(name) - 2)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if choice == 4:
        return name.replace("Saint-", "St ").replace("Sainte-", "Ste ").upper()
    return name


def main() -> list[tuple[str, str]]:
    knowledge = load_knowledge()
    gazetteer = Gazetteer.from_knowledge(knowledge)
    rng = random.Random(2014)
    names = [c.name for c in knowledge.communes if c.is_current]
    queries = [perturb(name, rng) for name in names]
    choices = [normalize(n) for n in names]
    france = list(gazetteer.france.by_key) if gazetteer.france else []
    ours: list[float] = []
    raw: list[float] = []
    raw_ratio: list[float] = []
    raw_france: list[float] = []
    found_right = 0
    for query, name in zip(queries, names, strict=True):
        located = gazetteer.locate(query)
        if located.status == "found" and located.matches[0].commune.name == name:
            found_right += 1
        ours.append(best_of(lambda q=query: gazetteer.locate(q)))
        raw.append(
            best_of(
                lambda q=query: process.extractOne(
                    normalize(q), choices, scorer=fuzz.WRatio, processor=None
                )
            )
        )
        raw_ratio.append(
            best_of(
                lambda q=query: process.extractOne(
                    normalize(q), choices, scorer=fuzz.ratio, processor=None
                )
            )
        )
        if france:  # the same raw scan over every French name (what "all of France" costs)
            raw_france.append(
                best_of(
                    lambda q=query: process.extractOne(
                        normalize(q), france, scorer=fuzz.ratio, processor=None
                    ),
                    repeats=3,
                )
            )
    ms = 1000
    rows = [
        ("queries", f"{len(queries)}"),
        ("ours median (ms)", f"{statistics.median(ours) * ms:.3f}"),
        ("ours p99 (ms)", f"{percentile(ours, 0.99) * ms:.3f}"),
        ("raw extractOne median (ms)", f"{statistics.median(raw) * ms:.3f}"),
        ("raw extractOne p99 (ms)", f"{percentile(raw, 0.99) * ms:.3f}"),
        ("raw extractOne(ratio) median", f"{statistics.median(raw_ratio) * ms:.3f}"),
        ("raw extractOne(ratio) p99 (ms)", f"{percentile(raw_ratio, 0.99) * ms:.3f}"),
        ("p99 ours / raw WRatio", f"{percentile(ours, 0.99) / percentile(raw, 0.99):.2f}"),
        ("p99 ours / raw ratio", f"{percentile(ours, 0.99) / percentile(raw_ratio, 0.99):.2f}"),
        ("found the intended commune", f"{found_right / len(queries):.1%}"),
    ]
    if raw_france:
        rows[-1:-1] = [
            (f"raw ratio, {len(france)} names p99", f"{percentile(raw_france, 0.99) * ms:.3f}"),
            (
                "p99 ours / raw ratio France",
                f"{percentile(ours, 0.99) / percentile(raw_france, 0.99):.2f}",
            ),
        ]
    return rows


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
