"""The wizard's wrong-route check: what it adds to each answer saved, on the largest example.

After every answer the wizard evaluates the kind's rules with `route:` over the answers so
far (`sharewiz.law.routes.settled_routes`). Measured on the largest example (by size), on
the answers a run holds at each of its top-level questions and on the whole answers, and
on the same answers with the flows list at the tree's maximum (200 entries):

- per answer, when nothing fires: the check every prompt pays (goal: under 20 ms, well
  below what a person notices between two prompts);
- when a finding fires (a one-off flow about one person, the last of the flows list): the
  check plus the trying of the answers still to come, paid once, at the stop.

Run: `python bench/bench_routes.py`, or `make bench`. Prints plain lines.
"""

from __future__ import annotations

import copy
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sharewiz.law.routes import settled_routes  # noqa: E402
from sharewiz.sets.build import read_answers  # noqa: E402

GOAL_MS = 20.0


def _median_ms(work: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _one_off_last(answers: dict[str, Any], upto: list[str]) -> dict[str, Any]:
    """The answers a run holds at the flows list, its last flow a one-off about one person."""
    held = copy.deepcopy({k: v for k, v in answers.items() if k in upto})
    held["flows"][-1].update(frequency="one_off", volume=1)
    return held


def main(runs: int = 20) -> None:
    """Print the median time of the check per answer and at a stop."""
    largest = max((ROOT / "examples").glob("dsa-*.yaml"), key=lambda p: p.stat().st_size)
    tree, _file, answers = read_answers(largest)
    ids = [q.id for q in tree.questions()]
    prefixes = [{k: v for k, v in answers.items() if k in ids[:n]} for n in range(len(ids) + 1)]
    settled_routes(tree, answers)  # load the rules and the knowledge base once
    each = [_median_ms(lambda a=a: settled_routes(tree, a), 3) for a in prefixes]
    at_flows = ids[: ids.index("flows") + 1]
    stop = _median_ms(lambda: settled_routes(tree, _one_off_last(answers, at_flows)), runs)
    big = copy.deepcopy(answers)  # the flows list at the tree's maximum
    big["flows"] = [copy.deepcopy(answers["flows"][n % len(answers["flows"])]) for n in range(200)]
    full = _median_ms(lambda: settled_routes(tree, big), max(3, runs // 4))
    big_stop = _median_ms(lambda: settled_routes(tree, _one_off_last(big, at_flows)), 3)
    print(
        f"routes: {largest.stem}: per answer median {statistics.median(each):.1f} ms, worst "
        f"{max(each):.1f} ms (goal < {GOAL_MS:.0f} ms); {stop:.1f} ms once at a stop (a one-off "
        f"flow); with 200 flows: {full:.1f} ms per answer, {big_stop:.1f} ms at a stop"
    )


if __name__ == "__main__":
    main()
