"""Start-up: `sharewiz --help` as a ratio to a minimal two-command Typer app's `--help`.

Both run as fresh `python -c` processes, alternately, many times; the median of each is
compared, so machine noise affects both alike. Goal: at most 1.1x.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

MINIMAL = """
import typer
app = typer.Typer()
@app.command()
def one(name: str = "x") -> None:
    '''First.'''
@app.command()
def two(name: str = "x") -> None:
    '''Second.'''
app()
"""
# The same app with rich help formatting off, as sharewiz has it: a like-for-like floor.
LEAN = MINIMAL.replace("typer.Typer()", "typer.Typer(rich_markup_mode=None)")
SHAREWIZ = "from sharewiz.cli.app import main; main()"


def _time(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, "--help"], check=True, capture_output=True)
    return time.perf_counter() - start


def main(runs: int = 30) -> None:
    """Print the median start-up of both and their ratio."""
    for code in (MINIMAL, LEAN, SHAREWIZ):  # warm the file cache and .pyc files
        _time(code)
    minimal, lean, sharewiz = [], [], []
    for _ in range(runs):
        minimal.append(_time(MINIMAL))
        lean.append(_time(LEAN))
        sharewiz.append(_time(SHAREWIZ))
    base, floor, ours = (statistics.median(x) for x in (minimal, lean, sharewiz))
    print(
        f"startup: sharewiz --help {ours * 1000:.1f} ms = {ours / base:.2f}x a minimal Typer app "
        f"({base * 1000:.1f} ms; goal <= 1.10x), {ours / floor:.2f}x the same app with rich help "
        f"off ({floor * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
