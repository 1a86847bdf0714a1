"""Run every benchmark in bench/ (`make bench`); each prints ratios to a same-run baseline."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    """Import each bench_*.py (or those named on the command line) and call its main()."""
    wanted = set(sys.argv[1:])
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        # Imported by name from bench/ on sys.path, so worker processes can import it too.
        importlib.import_module(path.stem).main()


if __name__ == "__main__":
    main()
