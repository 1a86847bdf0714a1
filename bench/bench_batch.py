"""Benchmark batch rendering: 1,000 privacy notices from a CSV, against a plain-Jinja floor.

What is measured, all in the same run and on the same disk:

- floor: the same template rendered 1,000 times by Jinja with a context built once,
  each written to its own folder with a plain `write_text`: what any batch has to pay,
  with no sharewiz around it (no CSV typing, validation, tree conditions, atomic writes or
  state.json);
- Markdown only, one process: `render_batch` as `sharewiz render base.yaml --rows` runs
  it, in this process (so no start-up), against the floor;
- the DOCX writer alone (`render_docx` on each document of a set, warm), and Markdown + DOCX in one
  process and in `--jobs` workers: the batch should cost little more than the writer;
- the speed-up of the workers over one process (goal: at least 0.8 x the cores);
- a no-op re-run of the batch (nothing changed) against its first run, in workers: it
  should cost reading, not rendering (goal: under 10% of the first run);
- `status` over a quarter of the Markdown sets and over all of them: linear means the
  time per set stays the same (goal: all of them under 2 s);
- peak memory of a batch of a quarter of the sets and of four times as many, Markdown
  and DOCX, rendered in one fresh child process each: flat means the ratio stays near 1.

Run: `python bench/bench_batch.py [SETS]` (default 1,000), or `make bench`. Prints plain
lines. A set of the privacy-notice kind is two documents (the notice and its summary);
the floor renders both templates and the DOCX writer figure is per set too.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))  # so worker processes can import this module

from sharewiz.sets.batch import default_jobs, render_batch  # noqa: E402
from sharewiz.sets.worker import Options  # noqa: E402

BASE = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"


def write_rows(path: Path, count: int) -> Path:
    """A CSV of `count` schools: name, email and the first purpose differ per row."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["controller_name", "controller_email", "purposes.0.description"])
        for n in range(1, count + 1):
            writer.writerow(
                [
                    f"School {n}",
                    f"office{n}@school{n}.example.sch.uk",
                    f"To teach the pupils of school {n}",
                ]
            )
    return path


def floor(work: Path, count: int, *, same_files: bool = False) -> Timing:
    """`count` plain Jinja renders of the set's documents, each written with `write_text`.

    With same_files, each set also gets the other files sharewiz keeps (answers.yaml and
    .sharewiz/state.json, which holds the documents' text as merge bases), written
    plainly: the disk's share of a set.
    """
    from sharewiz.law.knowledge import load_knowledge
    from sharewiz.render.engine import build_context, template_environment
    from sharewiz.sets.build import read_answers

    tree, _file, answers = read_answers(BASE)
    context = build_context(tree, answers, load_knowledge())
    env = template_environment()
    templates = [(spec.id, env.get_template(spec.template)) for spec in tree.documents]
    for _name, template in templates:
        template.render(context)  # warm
    out = work / ("floor-files" if same_files else "floor")
    answers_text = BASE.read_text(encoding="utf-8")
    with Timing() as timing:
        for n in range(1, count + 1):
            context["controller_name"] = f"School {n}"
            folder = out / f"school-{n}"
            folder.mkdir(parents=True)
            texts = {}
            for name, template in templates:
                texts[name] = template.render(context)
                (folder / f"{name}.md").write_text(texts[name], encoding="utf-8")
            if same_files:
                (folder / ".sharewiz").mkdir()
                (folder / "answers.yaml").write_text(answers_text, encoding="utf-8")
                state = json.dumps({"bases": texts}, indent=1, sort_keys=True)
                (folder / ".sharewiz" / "state.json").write_text(state, encoding="utf-8")
    return timing


class Timing:
    """Wall and CPU seconds of a block: this process and the worker processes it waited for."""

    def __enter__(self) -> Timing:
        self.wall = time.perf_counter()
        self.cpu = _cpu()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = _cpu() - self.cpu


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def batch(
    work: Path, rows: Path, name: str, formats: tuple[str, ...], jobs: int, *, fresh: bool = True
) -> Timing:
    """One batch over `rows` into `work/name` (emptied first unless not `fresh`)."""
    out = work / name
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    with Timing() as timing:
        summary = render_batch(
            answers_paths=[BASE], rows=rows, out=out, options=Options(formats=formats),
            name=None, workers=jobs, report=lambda _result: None,
        )  # fmt: skip
    if summary.failed:
        raise SystemExit(f"{name}: {summary.failed} sets failed: {summary.sets[0].error}")
    return timing


def docx_writer(work: Path, count: int) -> Timing:
    """The DOCX writer alone on `count` sets' documents (warm, Markdown already rendered)."""
    from sharewiz.render.docx.writer import render_docx
    from sharewiz.render.meta import DocMeta

    folder = next(p for p in (work / "md1").iterdir() if p.is_dir() and p.name != ".sharewiz")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))]
    meta = DocMeta(title="Privacy notice", version="1.0", date="2026-04-01", author="School", subject="Privacy notice", numbered_clauses=False)  # fmt: skip
    for text in texts:
        render_docx(text, meta)
    with Timing() as timing:
        for n in range(count):
            for text in texts:  # every document of a set; varied to defeat any parse cache
                render_docx(text.replace("Northshire", f"Northshire {n}"), meta)
    return timing


def status_time(folder: Path) -> tuple[int, float]:
    """(sets, wall seconds) of `sharewiz status` over a folder of sets, as the CLI runs it."""
    import datetime as dt

    from sharewiz.portfolio.status import portfolio_status

    start = time.perf_counter()
    found = portfolio_status([folder], today=dt.date(2026, 12, 1))
    return len(found), time.perf_counter() - start


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(workers: int) -> float:
    """The speed-up this machine gives pure CPU work in `workers` processes right now.

    Other work on a shared machine takes cores too; the batch's speed-up is judged
    against this, measured in the same run.
    """
    from concurrent.futures import ProcessPoolExecutor

    size, tasks = 2_000_000, workers * 4
    start = time.perf_counter()
    for _ in range(tasks):
        _burn(size)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_burn, [1] * workers))
        start = time.perf_counter()
        list(pool.map(_burn, [size] * tasks))
        many = time.perf_counter() - start
    return one / many


def peak_memory(work: Path, count: int, jobs: int) -> int:
    """Peak RSS in KiB of a batch of `count` sets, run in a fresh child process.

    With jobs=1 the sets are rendered in that process, so its peak is the renderer's;
    worker processes are children of multiprocessing's fork server, not of the
    measured process, so their peaks would not be seen.
    """
    rows = write_rows(work / f"mem-{count}.csv", count)
    script = (
        "import resource, sys\n"
        f"sys.path.insert(0, {str(ROOT / 'src')!r}); sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
        "from pathlib import Path\n"
        "from bench_batch import batch\n"
        f"batch(Path({str(work)!r}), Path({str(rows)!r}), 'mem-{count}', ('md', 'docx'), {jobs})\n"
        "print(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip().splitlines()[-1])


def main(count: int = 1000) -> None:
    """Run every measurement on `count` sets and print plain lines of times and ratios."""
    jobs = default_jobs()
    with tempfile.TemporaryDirectory(prefix="sharewiz-bench-") as tmp:
        work = Path(tmp)
        rows = write_rows(work / "rows.csv", count)
        batch(work, write_rows(work / "warm.csv", 20), "warm", ("md", "docx"), 1)  # warm caches
        floor1 = floor(work, count)
        floor_files = floor(work, count, same_files=True)
        md1 = batch(work, rows, "md1", ("md",), 1)
        docx = docx_writer(work, 100)
        both1 = batch(work, rows, "both1", ("md", "docx"), 1)
        parallel = machine_parallelism(jobs)
        bothn = batch(work, rows, "bothn", ("md", "docx"), jobs)
        rerun = batch(work, rows, "bothn", ("md", "docx"), jobs, fresh=False)
        batch(work, write_rows(work / "quarter.csv", count // 4), "md-quarter", ("md",), jobs)
        status_time(work / "md-quarter")  # warm: trees, templates and knowledge loaded
        (quarter_sets, status_quarter), (all_sets, status_all) = (
            status_time(work / "md-quarter"),
            status_time(work / "md1"),
        )
        small, large = peak_memory(work, count // 4, 1), peak_memory(work, count * 4, 1)
    ms = lambda seconds, n=count: round(seconds / n * 1000, 3)  # noqa: E731 - ms per set
    docx_ms = docx.wall / 100 * 1000  # per set: every document of the set
    results = {
        "sets": count,
        "cores": jobs,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "floor_ms_per_set": ms(floor1.wall),
        "floor_same_files_ms_per_set": ms(floor_files.wall),
        "md_ms_per_set_1_process": ms(md1.wall),
        "md_sets_per_second_1_process": round(count / md1.wall, 1),
        "md_ratio_to_floor": round(md1.wall / floor1.wall, 2),
        "md_ratio_to_floor_cpu": round(md1.cpu / floor1.cpu, 2),
        "md_ratio_to_floor_same_files": round(md1.wall / floor_files.wall, 2),
        "docx_writer_ms_per_set": round(docx_ms, 3),
        "md_docx_ms_per_set_1_process": ms(both1.wall),
        "md_docx_ratio_to_docx_writer_1_process": round(ms(both1.wall) / docx_ms, 2),
        "md_docx_ratio_to_docx_writer_1_process_cpu": round(
            both1.cpu / (docx.cpu / 100 * count), 2
        ),
        "md_docx_ms_per_set_workers": ms(bothn.wall),
        "md_docx_sets_per_second_workers": round(count / bothn.wall, 1),
        "md_docx_ratio_to_docx_writer_over_workers": round(ms(bothn.wall) / (docx_ms / jobs), 2),
        "speedup_workers": round(both1.wall / bothn.wall, 2),
        "machine_speedup_pure_cpu": round(parallel, 2),
        "speedup_per_core": round(both1.wall / bothn.wall / jobs, 2),
        "speedup_vs_machine": round(both1.wall / bothn.wall / parallel, 2),
        "unchanged_rerun_ms_per_set_workers": ms(rerun.wall),
        "noop_rerun_ratio_to_first_run": round(rerun.wall / bothn.wall, 3),
        "status_sets_quarter": quarter_sets,
        "status_s_quarter": round(status_quarter, 3),
        "status_sets_all": all_sets,
        "status_s_all": round(status_all, 3),
        "status_ms_per_set_all": ms(status_all, all_sets),
        "status_linearity_per_set_all_to_quarter": round(
            (status_all / all_sets) / (status_quarter / quarter_sets), 2
        ),
        "peak_rss_kib_quarter_sets": small,
        "peak_rss_kib_4x_sets": large,
        "memory_ratio_4x_to_quarter": round(large / small, 2),
    }
    for key, value in results.items():
        print(f"{key}: {value}")
    goals = [
        ("md within 2x of the floor", results["md_ratio_to_floor"] <= 2),
        (
            "md+docx within 1.1x of the docx writer / workers",
            results["md_docx_ratio_to_docx_writer_over_workers"] <= 1.1,
        ),
        ("speed-up >= 0.8 x cores", results["speedup_per_core"] >= 0.8),
        ("no-op re-run under 10% of the first run", results["noop_rerun_ratio_to_first_run"] < 0.1),
        ("status over all sets under 2 s", results["status_s_all"] < 2),
        (
            "status linear (<= 1.2x per set)",
            results["status_linearity_per_set_all_to_quarter"] <= 1.2,
        ),
        ("memory flat (<= 1.1x for 16x the sets)", results["memory_ratio_4x_to_quarter"] <= 1.1),
    ]
    for goal, met in goals:
        print(f"goal {goal}: {'met' if met else 'MISSED'}")
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
