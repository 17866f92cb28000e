"""Run every benchmark and print one table."""

import platform

from benchmarks import places

print(
    f"# machine: {platform.machine()} {platform.processor() or ''} "
    f"python {platform.python_version()}"
)
print("## place lookup")
for label, value in places.main():
    print(f"{label:32} {value}")
