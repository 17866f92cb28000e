"""Run every benchmark and print one table (figures, never pass/fail)."""

import platform

from benchmarks import dialog, export, faq, http_cpu, places, startup

print(f"# machine: {platform.machine()} python {platform.python_version()}")
for title, module in (
    ("place lookup", places),
    ("quick questions", faq),
    ("dialog throughput", dialog),
    ("cold start", startup),
    ("staff export", export),
    ("CPU per update over HTTP", http_cpu),
):
    print(f"## {title}")
    for label, value in module.main():
        print(f"{label:32} {value}")
