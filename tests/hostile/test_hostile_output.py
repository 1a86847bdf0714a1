"""Classes: what sharewiz writes out, and where (issue 18, items 6 to 9)."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import icalendar
import pytest

from hostile_helpers import DPIA_EXAMPLE, ROOT, run
from sharewiz.model import atomic as atomic_module
from sharewiz.model.atomic import write_text_atomic

pytestmark = pytest.mark.timeout(120)
NOTICE_EXAMPLE = ROOT / "examples" / "privacy-notice-council-adult-social-care.yaml"


def render_set(folder: Path, example: Path, *sets: str) -> Path:
    args = [a for s in sets for a in ("--set", s)]
    result = run("render", example, "--format", "md", "--out", folder, *args)
    assert result.exit_code in (0, 1), result.output
    assert (folder / "answers.yaml").is_file(), result.output
    return folder


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]
)
def test_csv_export_neutralises_formulas(name: str, tmp_path: Path) -> None:
    render_set(tmp_path / "sets" / "one", NOTICE_EXAMPLE, f"controller_name={name}")
    target = tmp_path / "ropa.csv"
    result = run("export", "ropa", tmp_path / "sets", "--csv", target)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'" + name) for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_ics_escapes_text_and_keeps_backslashes(tmp_path: Path) -> None:
    title = r"Data\matching; phase 1, north"
    render_set(tmp_path / "a" / "sets" / "one", DPIA_EXAMPLE, f"project_name={title}")
    result = run("due", tmp_path / "a" / "sets", "--ics", "-")
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"Review: DPIA screening: {title}"
    # The UID does not depend on where the portfolio sits: moved, the event is the same.
    os.renames(tmp_path / "a", tmp_path / "b")
    moved = run("due", tmp_path / "b" / "sets", "--ics", "-")
    assert icalendar.Calendar.from_ical(moved.stdout_bytes).walk("VEVENT")[0]["UID"] == event["UID"]


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder"])
def test_the_atomic_writer_replaces_only_regular_files(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "calendar.ics"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        target.symlink_to(outside)
    else:
        target.mkdir()
    render_set(tmp_path / "sets" / "one", DPIA_EXAMPLE)
    result = run("due", tmp_path / "sets", "--ics", target)
    output = " ".join(result.output.split())
    assert result.exit_code == 1 and "error:" in output and "hint:" in output, result.output
    assert str(target) in output and "Traceback" not in output
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert target.is_symlink() or not target.is_file()


def test_a_fault_between_write_and_rename_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module.os, "replace", fail)
    with pytest.raises(OSError):
        write_text_atomic(target, "new" * 1000)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]  # no temporary left


def test_a_process_killed_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old", encoding="utf-8")
    child = textwrap.dedent(
        """
        import os, sys, time
        from pathlib import Path
        from sharewiz.model.atomic import write_text_atomic
        real = os.write
        def slow(fd, data):
            written = real(fd, bytes(data[:4096]))
            print("writing", flush=True)
            time.sleep(0.05)
            return written
        os.write = slow
        write_text_atomic(Path(sys.argv[1]), "new" * 100_000)
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", child, str(target)], stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "writing\n"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.parametrize("command", [("status",), ("export", "ropa")])
def test_cp1252_output_does_not_crash(command: tuple[str, ...], tmp_path: Path) -> None:
    render_set(tmp_path / "sets" / "one", NOTICE_EXAMPLE, "controller_name=مجلس مدينة – Cyngor")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "sharewiz", *command, str(tmp_path / "sets")],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode("cp1252", "replace")
    assert result.returncode in (0, 1)
    assert "Cyngor" in result.stdout.decode("cp1252")


def test_arabic_and_urdu_names_get_their_own_batch_folders(tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "controller_name\nمجلس مدينة برمنغهام\nشہر کی کونسل\nمجلس مدينة ليدز\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run("render", NOTICE_EXAMPLE, "--rows", rows, "--format", "md", "--out", out)
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name[0] != ".")
    assert len(folders) == 3 and "set" not in folders
