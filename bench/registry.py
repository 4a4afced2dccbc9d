"""Registry benchmarks: the synthetic seed and the 100 k-row import, each beside its naive
per-row ORM alternative. Runs bench/registry_seed.py, then bench/registry_import.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for script in ("registry_seed.py", "registry_import.py"):
        print(f"== bench/{script}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *sys.argv[1:]], check=False)
        if done.returncode:
            sys.exit(done.returncode)
