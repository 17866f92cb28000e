"""Run every benchmark and print one table (figures, never pass/fail)."""

import platform

from benchmarks import (
    backup,
    console,
    descriptions,
    dialog,
    export,
    faq,
    http_cpu,
    places,
    sheet,
    soak,
    startup,
    understanding,
)

print(f"# machine: {platform.machine()} python {platform.python_version()}")
for title, module in (
    ("place lookup", places),
    ("quick questions", faq),
    ("project descriptions", descriptions),
    ("dialog throughput", dialog),
    ("cold start", startup),
    ("staff export", export),
    ("backup, 100,000 leads", backup),
    ("staff console, leads page", console),
    ("understanding (issue 11 sets)", understanding),
    ("fiche synthétique", sheet),
    ("CPU per update over HTTP", http_cpu),
    ("soak: random walks, SIGKILLs, Bot API faults (seed 1)", soak),
):
    print(f"## {title}")
    for label, value in module.main():
        print(f"{label:32} {value}")
