"""What the profile, init-templates, validate and preview commands print and return.

Kept apart from cli.py (which imports nothing heavy) and from the modules that do the
work (profile.py, custom.py, validate.py, preview.py), which print nothing.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sharewiz.cli.console import out, print_info, print_warning
from sharewiz.errors import ExitCode, UserError
from sharewiz.model.settings import Settings


def profile_show(*, as_json: bool) -> int:
    """Print every profile key: its value, the file it came from and the question it fills."""
    from sharewiz.model.profile import SETTINGS, find_project_file, load_profile, user_profile_path

    profile = load_profile()
    write = out().file.write  # not wrapped: values and paths stay whole
    if as_json:
        write(json.dumps(profile.values, indent=2, ensure_ascii=False) + "\n")
        return 0
    user, project = user_profile_path(), find_project_file()
    labels = {user: "user", **({project: "project"} if project else {})}
    write(f"# user profile: {user}\n# project file: {project or '(none)'}\n")
    width = max(len(s.key) for s in SETTINGS) + 2  # the longest key still has a gap after it
    for setting in SETTINGS:
        value = profile.values.get(setting.key)
        if value is None:
            shown = "(not set)"
        elif isinstance(value, list):
            shown = ", ".join(value)
        else:
            shown = str(value).replace("\n", " / ")
        source_file = profile.sources.get(setting.key)
        source = labels.get(source_file, "") if source_file else ""
        notes = [
            n for n in (source, f"default for {setting.question}" if setting.question else "") if n
        ]
        write(f"{setting.key:<{width}}{shown}{'   [' + '; '.join(notes) + ']' if notes else ''}\n")
    _warn_of_reference(profile.reference_docx)
    return 0


def _warn_of_reference(path: Path | None) -> None:
    """Say so when the profile's reference DOCX could not be used for Word output."""
    from sharewiz.cli.profile import reference_problem

    problem = reference_problem(path) if path is not None else None
    if problem is not None:
        print_warning(
            f"reference_docx cannot be used for Word output: {problem.message}; "
            "fix the file, or remove it with `sharewiz profile unset reference_docx`"
        )


def profile_set(*, key: str, value: str, project: bool) -> int:
    """Check and store one profile value."""
    from sharewiz.cli.profile import set_profile_value

    path, stored = set_profile_value(key, value, project=project)
    print_info(f"{key} = {stored!r} saved in {path}")
    return 0


def profile_unset(*, key: str, project: bool) -> int:
    """Remove one profile value."""
    from sharewiz.model.profile import unset_value

    path, held = unset_value(key, project=project)
    print_info(f"{key} removed from {path}" if held else f"{key} was not set in {path}")
    return 0


def profile_edit(*, project: bool) -> int:
    """Open the profile file in $EDITOR (creating it with every key commented), then check it."""
    import os
    import shlex
    import subprocess

    from sharewiz.model.profile import blank_profile, read_profile_file, target_file, write_profile

    path = target_file(project)
    if not path.exists():
        write_profile(path, blank_profile())
    editor = (
        os.environ.get("VISUAL")
        or os.environ.get("EDITOR")
        or ("notepad" if os.name == "nt" else "nano")
    )
    try:
        subprocess.run([*shlex.split(editor), str(path)], check=False)  # noqa: S603 - the user's editor
    except OSError as exc:
        raise UserError(
            f"cannot start the editor {editor!r}: {exc.strerror}",
            hint=f"set $EDITOR, or edit {path} yourself and run `sharewiz profile show`",
        ) from exc
    values = read_profile_file(path)  # raises, naming the file and line, if the edit broke it
    print_info(f"{path} is valid.")
    _warn_of_reference(Path(values["reference_docx"]) if "reference_docx" in values else None)
    return 0


def profile_path() -> int:
    """Print where the user profile and the project file are."""
    from sharewiz.model.profile import find_project_file, user_profile_path

    user = user_profile_path()
    print_info(f"user profile: {user}{'' if user.exists() else ' (not created yet)'}")
    project = find_project_file()
    print_info(f"project file: {project if project else '(none found from here upwards)'}")
    return 0


def init_templates(*, target: Path, kind: str | None, force: bool) -> int:
    """Copy built-in trees and templates into a custom folder."""
    from sharewiz.model.settings import init_templates as copy

    files = copy(target, kind, force=force)
    print_info(f"Copied {len(files)} files to {target}:", style="bold green")
    for rel in files:
        print_info(f"  {rel}")
    print_info(
        f"Delete what you do not change; use it with --templates {target} "
        f"or `sharewiz profile set template_dirs {target}`."
    )
    return 0


def run_validate(*, paths: Sequence[Path], as_json: bool, settings: Settings) -> int:
    """Validate trees and templates; exit 1 if any error was found."""
    from sharewiz.cli.report import located_lines
    from sharewiz.render.validate import validate

    report = validate(paths, settings=settings)
    if as_json:
        out().file.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        for finding in report.findings:
            out().file.write(located_lines(finding) + "\n")  # never wrapped: editors jump to it
        summary = (
            f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) in "
            f"{report.trees} tree(s), {report.templates} template(s) and {report.rules} rule(s)"
        )
        print_info(summary, style="bold red" if report.errors else "bold green")
    return int(ExitCode.USER_ERROR) if report.errors else 0


def run_preview(
    *,
    kind: str,
    formats: str,
    out_dir: Path | None,
    stdout: bool,
    settings: Settings,
    force: bool,
) -> int:
    """Render a kind with example answers into a folder, or print its Markdown."""
    from sharewiz.render.formats import parse_formats, write_set
    from sharewiz.render.preview import render_preview
    from sharewiz.sets.build import load_kind

    tree = load_kind(kind, tree_dirs=settings.tree_dirs)
    documents = render_preview(tree, template_dirs=settings.template_dirs)
    if stdout:
        _print_markdown([document.markdown for document in documents])
        return 0
    out_dir = _preview_dir(out_dir, tree.id)
    files = write_set(documents, out_dir, formats=parse_formats(formats), force=force,
                      reference_docx=settings.reference_docx)  # fmt: skip
    _show_preview(f"Preview of {tree.title} (example answers) in {out_dir}:", files)
    return 0


def _show_preview(title: str, files: Sequence[Path]) -> None:
    print_info(title, style="bold green")
    for path in files:
        print_info(f"  {path}")
    if not files:
        print_warning("no document applies to the example answers")


def _print_markdown(texts: Sequence[str]) -> None:
    """The documents' Markdown, as is, with a page-break comment between two."""
    for number, text in enumerate(texts):
        if number:  # part of the output, so never dropped by --quiet
            out().file.write("\n<!-- page-break -->\n\n")
        out().file.write(text)


def _preview_dir(out_dir: Path | None, kind: str) -> Path:
    """The folder a preview goes to: the one given, or a new temporary one."""
    if out_dir is None:
        return Path(tempfile.mkdtemp(prefix=f"sharewiz-preview-{kind}-"))
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"{out_dir} is a file, not a folder", hint="give a folder with --out")
    return out_dir
