"""`make bench`: run every benchmarks/bench_*.py in name order; each prints its own figures.

Benchmarks print numbers and assert nothing.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}")
        module.main()
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
