"""Work per set counted in instructions, which the machine's load does not change.

Timings on a shared machine move by a third between runs of the same code; a change
worth a tenth cannot be seen in them. This counts user-space instructions with valgrind's
callgrind (`PYTHONHASHSEED=0`) for a batch of FEW sets and one of MANY, each in a fresh
process after the same warm-up, and takes the difference over MANY - FEW sets, so
start-up, imports and warm-up cancel out. Printed per set: the Markdown batch and the
plain-Jinja floor of `bench_batch.py`, Markdown + DOCX and the DOCX writer alone, with
the two ratios of the goals. The kernel's work (creating files and folders) is not
counted: `bench_batch.py` times that.

The objects made before the measured part (modules, knowledge base, trees, templates)
are frozen out of the garbage collector (`gc.freeze`) before it starts. A full
collection walks all of them; whether one fell in the MANY run and none in the FEW (it
depends on where the allocation counts cross a threshold) moved the Markdown count by a
quarter either way between runs of the same code. Collections of what the measured part
makes are still counted, as they happen.

Each run also gets an empty cache of compiled templates (`SHAREWIZ_CACHE_DIR`). With
the user's shared one, the first run in a new checkout (MANY, measured first) compiled
the templates in its warm-up and the second read them back: the Markdown count moved
from about 27 to about 40 million a set depending on whether the checkout's templates
had been compiled before. Now both runs compile them, and it cancels out.

Run: `python bench/count_instructions.py [FEW MANY]` (default 10 60; needs valgrind;
about ten minutes). Not part of `make bench` (`bench/run.py` runs the `bench_*.py` files), which
needs no valgrind.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = ("md", "floor", "both", "writer")


def run_mode(mode: str, count: int) -> None:
    """One measured run, inside valgrind: warm up, then `mode` over `count` sets."""
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_batch import batch, docx_writer, floor, write_rows

    with tempfile.TemporaryDirectory(prefix="sharewiz-count-") as tmp:
        work = Path(tmp)
        batch(work, write_rows(work / "warm.csv", 10), "warm", ("md", "docx"), 1)
        batch(work, write_rows(work / "one.csv", 2), "md1", ("md",), 1)  # the writer's text
        floor(work / "warm-floor", 2)
        docx_writer(work, 2)
        rows = write_rows(work / "rows.csv", count)
        gc.collect()
        gc.freeze()  # see the module's docstring
        if mode == "md":
            batch(work, rows, "md", ("md",), 1)
        elif mode == "both":
            batch(work, rows, "both", ("md", "docx"), 1)
        elif mode == "floor":
            floor(work / "floor", count)
        else:
            docx_writer(work, count)


def instructions(mode: str, count: int) -> int:
    """User-space instructions of a whole run of `mode` over `count` sets.

    Each run compiles the templates afresh, into an empty cache of its own (see the
    module's docstring).
    """
    with tempfile.TemporaryDirectory(prefix="sharewiz-count-cache-") as cache:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
             sys.executable, __file__, "--run", mode, str(count)],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": "0", "SHAREWIZ_CACHE_DIR": cache},
        )  # fmt: skip
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"no count from valgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(few: int = 10, many: int = 60) -> None:
    """Print the millions of instructions per set of each mode, and the two goal ratios."""
    per_set = {
        mode: (instructions(mode, many) - instructions(mode, few)) / (many - few) for mode in MODES
    }
    for mode, count in per_set.items():
        print(f"{mode}_million_instructions_per_set: {count / 1e6:.1f}")
    print(f"md_ratio_to_floor_instructions: {per_set['md'] / per_set['floor']:.2f}")
    print(f"md_docx_ratio_to_docx_writer_instructions: {per_set['both'] / per_set['writer']:.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        run_mode(sys.argv[2], int(sys.argv[3]))
    else:
        main(*(int(arg) for arg in sys.argv[1:3]))
