"""The fiche synthétique: time to build the document model and to write the .odt, and the
size of the file, over conversations held through the real dialog (four fiches, towns in the
four sub-territories, French and English, optional answers given or skipped).

The file is written off the event loop (asyncio.to_thread) when the bot sends it; the time
matters as CPU taken from the other chats on a 2-core machine, so CPU time (process_time) is
given beside wall time, which a busy machine inflates. Each figure is the median of the runs;
p95 shows the slow tail. `python -m benchmarks.sheet` runs it alone.
"""

from __future__ import annotations

import statistics
import time

from dialogs.flow import Guide
from dialogs.model import Event
from dialogs.odt import write_odt
from dialogs.sheet import build, snapshot
from dialogs.sheet_dialog import is_sheet_step
from tests.dialog_driver import OPEN, Chat, full_run

RUNS = 20
PLACES = ("Lens", "Roubaix", "Calais", "Douai")
ANSWERS = {
    "title": "Le jardin des Mûriers « pour tous »",
    "structure": "Association Les Amis du Quartier & Co",
    "partners": "Centre social, bailleur, école, commune — et la médiathèque",
    "participation": "Les habitants choisissent les plantations en assemblée mensuelle. " * 8,
    "timing": "de mars à juin 2015",
    "legal_form": "Association loi 1901",
    "address": "12 rue des Lilas, 62800 Liévin",
    "contact_name": "Marie Dupont, présidente",
    "phone": "03 21 12 34 56",
    "email": "marie.dupont@exemple.fr",
    "registration": "732 829 320 00074",
}


def snapshots(guide: Guide) -> list[dict[str, object]]:
    """Eight conversations: each fiche twice, filled (French) and skipped (English)."""
    result = []
    for fiche in (1, 2, 3, 4):
        for filled in (True, False):
            chat = Chat(guide, OPEN)
            full_run(chat, fiche, place=PLACES[fiche - 1])
            if not filled:
                chat.command("/langue")
                chat.send(Event.choice("lang|en"))
            chat.tap("📄")
            while is_sheet_step(chat.state.step):
                field = chat.state.step.removeprefix("sheet_")
                chat.text(ANSWERS[field]) if filled else chat.tap("⏭")
            result.append(snapshot(chat.state, OPEN))
    return result


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def main() -> list[tuple[str, str]]:
    guide = Guide()
    snaps = snapshots(guide)
    for lang_first in (snaps[0], snaps[1]):  # odfdo's template and our styles, once per language
        write_odt(build(guide.knowledge, lang_first))
    model: list[float] = []
    writing: list[float] = []
    cpu: list[float] = []
    sizes: list[int] = []
    for _ in range(RUNS):
        for snap in snaps:
            start, start_cpu = time.perf_counter(), time.process_time()
            sheet = build(guide.knowledge, snap)
            built = time.perf_counter()
            data = write_odt(sheet)
            done, done_cpu = time.perf_counter(), time.process_time()
            model.append(built - start)
            writing.append(done - built)
            cpu.append(done_cpu - start_cpu)
            sizes.append(len(data))
    total = [m + w for m, w in zip(model, writing, strict=True)]
    return [
        ("documents", f"{len(snaps)} conversations x {RUNS} runs"),
        ("model (answers + verdict)", _ms(model)),
        ("write .odt (odfdo)", _ms(writing)),
        ("total per document (wall)", _ms(total)),
        ("total per document (CPU)", _ms(cpu)),
        ("file size", f"{min(sizes):,} – {max(sizes):,} bytes"),
    ]


if __name__ == "__main__":
    for label, value in main():
        print(f"{label:32} {value}")
