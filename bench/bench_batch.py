"""Benchmark batch rendering: 1,000 privacy notices from a CSV, against a plain-Jinja floor.

What is measured, all in the same run and on the same disk:

- floor: the same template rendered 1,000 times by Jinja with a context built once,
  each written to its own folder with a plain `write_text`: what any batch has to pay,
  with no sharewiz around it (no CSV typing, validation, tree conditions, atomic writes,
  manifest or merge bases);
- Markdown only, one process: `render_batch` as `sharewiz render base.yaml --rows` runs
  it, in this process (so no start-up), against the floor;
- the DOCX writer alone (`render_docx` per document, warm), and Markdown + DOCX in one
  process and in `--jobs` workers: the batch should cost little more than the writer;
- the speed-up of the workers over one process (goal: at least 0.8 x the cores);
- peak memory of a batch of 250 and of 1,000 sets (the process and its workers, in a
  fresh child process each): flat means the ratio stays near 1.

Run: `python bench/bench_batch.py [SETS]` (default 1,000). Prints plain lines.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sharewiz.batch import Options, default_jobs, render_batch  # noqa: E402

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


def floor(work: Path, count: int) -> float:
    """Seconds for `count` plain Jinja renders of the notice and file writes."""
    from sharewiz.build import read_answers
    from sharewiz.knowledge import load_knowledge
    from sharewiz.render import build_context, template_environment

    tree, _file, answers = read_answers(BASE)
    context = build_context(tree, answers, load_knowledge())
    template = template_environment().get_template(tree.documents[0].template)
    template.render(context)  # warm
    out = work / "floor"
    start = time.perf_counter()
    for n in range(1, count + 1):
        context["controller_name"] = f"School {n}"
        folder = out / f"school-{n}"
        folder.mkdir(parents=True)
        (folder / "privacy-notice.md").write_text(template.render(context), encoding="utf-8")
    return time.perf_counter() - start


def batch(work: Path, rows: Path, name: str, formats: tuple[str, ...], jobs: int) -> float:
    """Seconds for one batch over `rows` into a fresh folder."""
    out = work / name
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    summary = render_batch(
        answers_paths=[BASE], rows=rows, out=out, options=Options(formats=formats),
        name=None, workers=jobs, report=lambda _result: None,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if summary.failed:
        raise SystemExit(f"{name}: {summary.failed} sets failed: {summary.sets[0].error}")
    return seconds


def docx_writer(work: Path, count: int) -> float:
    """Seconds per document for the DOCX writer alone (warm, Markdown already rendered)."""
    from sharewiz.docmeta import DocMeta
    from sharewiz.docx_writer import render_docx

    text = next((work / "md1").glob("*/privacy-notice.md")).read_text(encoding="utf-8")
    meta = DocMeta(title="Privacy notice", version="1.0", date="2026-04-01", author="School", subject="Privacy notice", numbered_clauses=False)  # fmt: skip
    render_docx(text, meta)
    start = time.perf_counter()
    for n in range(count):
        render_docx(text.replace("Northshire", f"Northshire {n}"), meta)  # defeat any parse cache
    return (time.perf_counter() - start) / count


def peak_memory(work: Path, count: int, jobs: int) -> int:
    """Peak RSS in KiB of a batch of `count` sets: this child process or its largest worker."""
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


def main() -> None:
    """Run every measurement and print plain lines of times and ratios."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    jobs = default_jobs()
    with tempfile.TemporaryDirectory(prefix="sharewiz-bench-") as tmp:
        work = Path(tmp)
        rows = write_rows(work / "rows.csv", count)
        batch(work, write_rows(work / "warm.csv", 20), "warm", ("md", "docx"), 1)  # warm caches
        floor_s = floor(work, count)
        md1 = batch(work, rows, "md1", ("md",), 1)
        docx_s = docx_writer(work, 50)
        both1 = batch(work, rows, "both1", ("md", "docx"), 1)
        bothn = batch(work, rows, "bothn", ("md", "docx"), jobs)
        start = time.perf_counter()
        render_batch(
            answers_paths=[BASE], rows=rows, out=work / "bothn", options=Options(formats=("md", "docx")),
            name=None, workers=jobs, report=lambda _result: None,
        )  # fmt: skip
        rerun = time.perf_counter() - start
        small, large = peak_memory(work, count // 4, jobs), peak_memory(work, count, jobs)
    per = lambda seconds: seconds / count * 1000  # noqa: E731 - ms per set
    results = {
        "sets": count,
        "cores": jobs,
        "floor_ms_per_set": round(per(floor_s), 3),
        "md_ms_per_set_1_process": round(per(md1), 3),
        "md_sets_per_second": round(count / md1, 1),
        "md_ratio_to_floor": round(md1 / floor_s, 2),
        "docx_writer_ms_per_document": round(docx_s * 1000, 3),
        "md_docx_ms_per_set_1_process": round(per(both1), 3),
        "md_docx_ms_per_set_workers": round(per(bothn), 3),
        "md_docx_sets_per_second_workers": round(count / bothn, 1),
        "md_docx_ratio_to_docx_writer_1_process": round(both1 / count / docx_s, 2),
        "md_docx_ratio_to_docx_writer_over_workers": round(bothn / count / (docx_s / jobs), 2),
        "speedup_workers": round(both1 / bothn, 2),
        "speedup_per_core": round(both1 / bothn / jobs, 2),
        "unchanged_rerun_ms_per_set": round(per(rerun), 3),
        "peak_rss_kib_small": small,
        "peak_rss_kib_large": large,
        "memory_ratio_large_to_small": round(large / small, 2),
    }
    for key, value in results.items():
        print(f"{key}: {value}")
    print(f"goal md within 2x of floor: {'met' if results['md_ratio_to_floor'] <= 2 else 'MISSED'}")
    print(
        f"goal md+docx within 1.1x of docx writer / workers: {'met' if results['md_docx_ratio_to_docx_writer_over_workers'] <= 1.1 else 'MISSED'}"
    )
    print(
        f"goal speed-up >= 0.8 x cores: {'met' if results['speedup_per_core'] >= 0.8 else 'MISSED'}"
    )
    print(
        f"goal memory flat (<= 1.1x for 4x the sets): {'met' if results['memory_ratio_large_to_small'] <= 1.1 else 'MISSED'}"
    )
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
