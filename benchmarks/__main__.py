"""Run every benchmark and print one table."""

import platform

from benchmarks import export, places

print(
    f"# machine: {platform.machine()} {platform.processor() or ''} "
    f"python {platform.python_version()}"
)
print("## place lookup")
for label, value in places.main():
    print(f"{label:32} {value}")
print("## staff export")
for label, value in export.main():
    print(f"{label:32} {value}")
