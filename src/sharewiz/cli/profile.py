"""The settings a command runs with: its options, then the organisation profile.

The profile's files (`profile.toml`, a project `sharewiz.toml`) are read and written by
`sharewiz.model.profile`; here they are resolved, once per command, into the one
`Settings` object, with the trust rules of docs/security.md, and a reference DOCX named
by the profile is checked when it is set or shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sharewiz.errors import ReferenceDocxError, UserError
from sharewiz.model.profile import load_profile

if TYPE_CHECKING:
    from sharewiz.model.settings import Settings

# Commands that only read sets: they never run templates or trees from an untrusted
# folder, so running them inside a shared folder is always safe.
READ_ONLY_COMMANDS = frozenset({"status", "diff", "due", "export"})


def resolve_settings(
    templates: Sequence[Path] = (),
    reference_docx: Path | None = None,
    *,
    trust: bool = False,
    read_only: bool = False,
) -> Settings:
    """A command's Settings: its `--templates` and `--reference-docx`, then the profile's.

    Command-line folders are searched before the profile's; a reference DOCX given on the
    command line replaces the profile's. The profile's answers become `defaults`.

    Folders the user named themselves (`--templates`, their own profile) are trusted. A
    folder named only by a project `sharewiz.toml` runs only with `--trust` or when it lies
    in one of the user profile's `trusted_folders`; otherwise a command that renders stops
    with an error, and a read-only command (`READ_ONLY_COMMANDS`) leaves it out.
    """
    from sharewiz.model.settings import settings_for

    profile = load_profile()
    folders = profile.template_dirs
    if profile.sources.get("template_dirs") == profile.project_file and not trust:
        trusted = [Path(p) for p in profile.values.get("trusted_folders", [])]
        untrusted = [f for f in folders if not any(f.is_relative_to(t) for t in trusted)]
        if untrusted and not read_only:
            raise UserError(
                f"{profile.project_file}: template_dirs names {untrusted[0]}, "
                "a folder you have not trusted: its templates and trees would run here",
                hint=f"if you trust it, run again with `sharewiz --trust ...`, or add it with "
                f"`sharewiz profile set trusted_folders {untrusted[0]}`",
            )
        if untrusted:
            from sharewiz.cli.console import print_warning

            print_warning(
                f"{profile.project_file}: not using {', '.join(map(str, untrusted))} "
                "(template_dirs of a folder you have not trusted)"
            )
        folders = [f for f in folders if f not in untrusted]
    return settings_for(
        [*templates, *folders],
        reference_docx=reference_docx or profile.reference_docx,
        defaults=profile.answer_defaults(),
        trusted=trust,
    )


def set_profile_value(key: str, value: str, *, project: bool) -> tuple[Path, Any]:
    """`profile set`: check and store one value; a reference DOCX must be one Word can use.

    Returns:
        The file written and the value stored.
    """
    from sharewiz.model.profile import set_value, target_file

    if key == "reference_docx":
        problem = reference_problem(Path(value).expanduser().resolve())
        if problem is not None:
            where = f"{target_file(project)} ({key})"
            raise UserError(f"{where}: {key}: {problem.message}", hint=problem.hint)
    return set_value(key, value, project=project)


def reference_problem(path: Path) -> ReferenceDocxError | None:
    """Why Word output could not use this reference DOCX (the error it would stop with), or None.

    The same check `render` makes, so `profile set` refuses and `profile show` flags
    exactly the files that would break Word output.
    """
    from sharewiz.render.docx.reference import read_reference

    try:
        read_reference(path)
    except ReferenceDocxError as exc:
        return exc
    return None
