"""The organisation profile's files: name, address, DPO and the rest, offered as defaults everywhere.

Two files, both flat TOML (`key = "value"`), read and edited in place with tomlkit
(comments and order survive `profile set` and `unset`):

- the user profile, `profile.toml` in the user's config folder (platformdirs), or in
  `$SHAREWIZ_HOME` when that is set;
- a project file, `sharewiz.toml`, found by walking up from the current folder. Its
  keys override the user profile's, so a partnership folder can carry its own details.

Profile values become the defaults of the questions they map to (`name` is the default
of `controller_name`, ...): the wizard offers them, batch renders use them beneath the
answers file, and the answers written beside the documents record them, so a render is
reproducible without the profile. See docs/profile.md.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from sharewiz.errors import FileFormatError, UserError, WriteError
from sharewiz.model.atomic import write_text_atomic
from sharewiz.model.profile_values import checked

PROFILE_NAME = "profile.toml"
PROJECT_NAME = "sharewiz.toml"
HOME_ENV = "SHAREWIZ_HOME"


@dataclass(frozen=True)
class Setting:
    """One profile key: the question it answers, how it is checked, and what it means."""

    key: str
    question: str | None
    check: str
    description: str
    # offered by the wizard only, never put beneath an answers file when it is read or
    # rendered: an empty answer there is an answer (an agreement under no protocol)
    offered_only: bool = False
    # an optional key left empty is an answer ("no phone") only beside this key's value
    beside: str | None = None


# The profile's keys, in the order files are written and shown. `question` is the id a
# tree uses for the same fact (see questions/fragments/controller.yaml); trees that use
# these ids get the profile's value as their default.
SETTINGS: tuple[Setting, ...] = (
    Setting("name", "controller_name", "text", "full legal name of the organisation"),
    Setting("address", "controller_address", "long_text", "postal address, one line per part"),
    Setting("email", "controller_email", "email", "email for questions about personal data"),
    Setting("phone", "controller_phone", "text", "telephone number", beside="name"),
    Setting("website", "controller_website", "url", "website", beside="name"),
    Setting("ico_registration", "ico_registration", "ico", "ICO registration number (ZA123456)"),
    Setting("organisation_type", "controller_type", "text", "kind of organisation (council, nhs_trust, charity, ...)"),
    Setting("public_authority", "public_authority", "yes_no", "a public authority? true/false"),
    Setting("public_authority_exception", "public_authority_override", "yes_no", "an exception to its kind's public authority status? true/false"),
    # the exception counts only with its reason (sharewiz.model.public_authority)
    Setting("public_authority_reason", "public_authority_reason", "long_text", "why it is an exception to its kind (an independent school, not an academy)"),
    Setting("has_dpo", "has_dpo", "yes_no", "has it appointed a data protection officer? true/false"),
    Setting("dpo_name", "dpo_name", "text", "data protection officer's name or role title"),
    Setting("dpo_email", "dpo_email", "email", "data protection officer's email"),
    Setting("dpo_address", "dpo_address", "long_text", "DPO's postal address, if different", beside="dpo_email"),
    Setting("caldicott_guardian", "caldicott_guardian", "text", "Caldicott guardian (health and care)"),
    Setting("siro", "siro", "text", "senior information risk owner (SIRO)"),
    Setting("retention_schedule_url", "retention_schedule_url", "url", "link to the published retention schedule"),
    Setting("rights_contact", "rights_contact", "email", "where people send requests to use their rights"),
    Setting("complaints_contact", "complaints_contact", "email", "where people send complaints about your use of their data"),
    Setting("complaints_url", "complaints_url", "url", "link to your online complaint form"),
    # the team people ask about the organisation's data sharing (usually its information
    # governance team): an agreement's single point of contact (questions/fragments/contacts.yaml)
    Setting("sharing_contact", "contact_point_name", "text", "team people ask about your data sharing (e.g. the information governance team)"),
    Setting("sharing_contact_email", "contact_point_email", "email", "that team's email"),
    Setting("sharing_contact_phone", "contact_point_phone", "text", "that team's telephone number", beside="sharing_contact"),
    # the county-wide protocol an agreement usually sits under, and the version signed:
    # offered in the wizard (a new protocol's own name is offered, never taken unasked),
    # never filled into an agreement's answers file that names no protocol
    Setting("protocol_name", "protocol_name", "text", "the overarching information sharing protocol your agreements sit under", offered_only=True),
    Setting("protocol_version", "protocol_version", "text", "the version of that protocol your organisation signed", offered_only=True),
    # who signs agreements for the organisation, one "name: job title" a line: offered as
    # party 1's signatories (`profile: signatories` on the parties' list of signatories),
    # never filled into an answers file, which names each agreement's own signatories
    Setting("signatories", "signatories", "signatories", "who signs agreements for your organisation: one a line, name: job title", offered_only=True),
    # no tree asks it at the top: an agreement's privacy notice entry for your organisation
    Setting("privacy_notice_url", "privacy_notice_url", "url", "web address of your organisation's privacy notice"),
    Setting("reference_docx", None, "docx", "branded reference .docx for Word output"),
    Setting("template_dirs", None, "dirs", "custom template/tree folders, searched first"),
    Setting("trusted_folders", None, "dirs", "folders whose templates and trees may run (your own profile only)"),
)  # fmt: skip
BY_KEY: Mapping[str, Setting] = {s.key: s for s in SETTINGS}
# Keys a project sharewiz.toml may not set: trusting a folder is the user's own decision,
# never one a shared folder can make for them (as copier's --trust).
USER_ONLY = frozenset({"trusted_folders"})


@dataclass
class Profile:
    """The merged profile: values by key, and the file each came from."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    project_file: Path | None = None  # the sharewiz.toml found, if any

    @property
    def template_dirs(self) -> list[Path]:
        """Custom folders from the profile (already absolute)."""
        return [Path(p) for p in self.values.get("template_dirs", [])]

    @property
    def reference_docx(self) -> Path | None:
        """The branded reference DOCX, if set."""
        value = self.values.get("reference_docx")
        return Path(value) if value else None

    def answer_defaults(self) -> dict[str, Any]:
        """Question id -> default value, for every key that maps to a question."""
        return {
            s.question: self.values[s.key] for s in SETTINGS if s.question and s.key in self.values
        }


# -- where the files are -------------------------------------------------------------------


def user_profile_path() -> Path:
    """The user profile file: `$SHAREWIZ_HOME/profile.toml` or the platform config folder.

    Raises:
        UserError: `$SHAREWIZ_HOME` names something that is not a folder, so no profile
            can be read or written there (every command that reads the profile says so,
            rather than running without it).
    """
    home = os.environ.get(HOME_ENV)
    if not home:
        return _platform_folder() / PROFILE_NAME
    folder = Path(home).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UserError(
            f"{HOME_ENV} is {folder}, which is a file, not a folder: "
            f"sharewiz keeps your profile in {HOME_ENV}/{PROFILE_NAME}",
            hint=f"point {HOME_ENV} at a folder (it is made if missing), "
            f"or unset it to use {_platform_folder()}",
        )
    return folder / PROFILE_NAME


def _platform_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("sharewiz", appauthor=False))


def find_project_file(start: Path | None = None) -> Path | None:
    """The nearest `sharewiz.toml` in the current folder or a parent, if any."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / PROJECT_NAME
        if path.is_file():
            return path
    return None


# -- reading -------------------------------------------------------------------------------------


def load_profile(start: Path | None = None) -> Profile:
    """The user profile overlaid with the project file; every value checked."""
    profile = Profile(project_file=find_project_file(start))
    for path in (user_profile_path(), profile.project_file):
        if path is not None and path.is_file():
            for key, value in read_profile_file(path, project=path == profile.project_file).items():
                profile.values[key] = value
                profile.sources[key] = path
    return profile


def _load_toml(path: Path) -> dict[str, Any]:
    return _document(path).unwrap()


def _document(path: Path) -> tomlkit.TOMLDocument:
    """A profile file as a tomlkit document: comments and layout kept for rewriting."""
    try:
        # utf-8-sig: Notepad may save a byte order mark, which TOML itself does not allow
        return tomlkit.parse(path.read_text(encoding="utf-8-sig"))
    except TOMLKitError as exc:
        line = getattr(exc, "line", None) or 1
        raise FileFormatError(
            f"{path}:{line}: not valid TOML: {exc}",
            hint='write one `key = "value"` per line (see `sharewiz profile show`)',
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UserError(
            f"{path}: cannot read the profile: {reason}",
            hint="make it a readable UTF-8 text file, or move it away to start a new one "
            "(`sharewiz profile path` shows where profiles are read from)",
        ) from exc


def read_profile_file(path: Path, *, project: bool = False) -> dict[str, Any]:
    """Read and check one profile file; paths in it are made absolute (relative to it).

    A project file (`sharewiz.toml`) may not set the user-only keys (`trusted_folders`).
    """
    data = _load_toml(path)
    text = path.read_text(encoding="utf-8-sig")
    result: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{path}:{_line_of_key(text, key)}"
        if project:
            _refuse_user_only(key, where)
        result[key] = check_value(key, value, where=where, base=path.parent)
    return result


def _refuse_user_only(key: str, where: str) -> None:
    if key in USER_ONLY:
        raise FileFormatError(
            f"{where}: {key} may be set only in your own profile, not in a project {PROJECT_NAME}",
            hint=f"remove it here, and use `sharewiz profile set {key} FOLDER` if you trust it",
        )


def _line_of_key(text: str, key: str) -> int:
    pattern = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def check_value(key: str, value: Any, *, where: str, base: Path) -> Any:
    """Check one profile value; return it normalised (paths absolute). Raises FileFormatError
    naming `where` and the key (`sharewiz.model.profile_values`)."""
    setting = BY_KEY.get(key)
    if setting is None:
        from sharewiz.model.tree import suggest

        raise FileFormatError(
            f"{where}: unknown profile key {key!r}", hint=suggest(key, BY_KEY, "use one of")
        )

    def bad(message: str, hint: str | None = None) -> FileFormatError:
        return FileFormatError(f"{where}: {key}: {message}", hint=hint)

    return checked(setting.check, value, bad=bad, base=base)


# -- writing ---------------------------------------------------------------------------------------


def target_file(project: bool) -> Path:
    """The file `set`/`unset`/`edit` change: the project file, or the user profile."""
    if not project:
        return user_profile_path()
    return find_project_file() or Path.cwd() / PROJECT_NAME


def set_value(key: str, raw: str, *, project: bool = False) -> tuple[Path, Any]:
    """Check and store one value; returns (file written, stored value).

    The file is edited in place: its comments, order and other values stay.
    """
    path = target_file(project)
    if project:
        _refuse_user_only(key, str(path))
    if path.is_file():
        read_profile_file(path, project=project)  # a bad file is reported, not rewritten
    value: Any = raw
    if key in BY_KEY and BY_KEY[key].check == "dirs":
        value = [part.strip() for part in raw.split(",") if part.strip()]
    if key in BY_KEY and BY_KEY[key].check in ("long_text", "signatories"):
        value = raw.replace("\\n", "\n")  # let `set address "A\nB"` give two lines
    checked = check_value(key, value, where=f"{path} ({key})", base=Path.cwd())
    _edit(path, key, checked)
    return path, checked


def unset_value(key: str, *, project: bool = False) -> tuple[Path, bool]:
    """Remove one key from the profile file (its other lines stay as they are).

    Only the TOML is read, not its values checked, so a value that has gone bad (a
    reference DOCX since damaged, a folder since deleted) can always be removed.

    Returns:
        The file, and whether it held the key (nothing is written when it did not).
    """
    if key not in BY_KEY:
        check_value(key, "", where="profile", base=Path.cwd())  # raises with a hint
    path = target_file(project)
    held = path.is_file() and key in _document(path)
    if held:
        _edit(path, key, None)
    return path, held


def _edit(path: Path, key: str, value: Any) -> None:
    """Set (or, for None, remove) one key of a profile file, keeping everything else."""
    document = _document(path) if path.is_file() else _new_document()
    if value is None:
        document.pop(key, None)
    elif key in BY_KEY and BY_KEY[key].check == "signatories":
        # a line a signatory, as typed: a multi-line string the officer can edit
        document[key] = tomlkit.string(value + "\n", multiline=True)
    else:
        document[key] = value  # replaced in place, or added at the end
    write_profile(path, tomlkit.dumps(document))


def write_profile(path: Path, text: str) -> None:
    """Write a profile file atomically; a folder that refuses it gets a hint saying why.

    Raises:
        WriteError: naming the file; for a read-only folder or a file in the way, the
            hint names `$SHAREWIZ_HOME` (or `--project`) rather than `--out`.
    """
    try:
        write_text_atomic(path, text)
    except WriteError as exc:
        if exc.errno != errno.ENOSPC:
            exc.hint = _where_else(path)
        raise


def _where_else(path: Path) -> str:
    """How to make a profile file writable, or where to keep it instead."""
    if path.name == PROJECT_NAME:
        return f"make {path.parent} writable, or leave out --project to change your own profile"
    home = os.environ.get(HOME_ENV)
    if home:
        return (
            f"{HOME_ENV} is {home}: make it a folder you can write to, or point {HOME_ENV} "
            f"at one (unset it to use {_platform_folder()})"
        )
    return f"make {path.parent} writable, or set {HOME_ENV} to a folder you can write to"


def _new_document() -> tomlkit.TOMLDocument:
    document = tomlkit.document()
    document.add(
        tomlkit.comment(
            "sharewiz organisation profile: see `sharewiz profile show` and docs/profile.md"
        )
    )
    document.add(tomlkit.nl())
    return document


def blank_profile() -> str:
    """The text of a new profile file: every key commented out with its meaning."""
    lines = [
        "# sharewiz organisation profile. Remove the # from a line and fill it in.",
        "# Values become the defaults of the questions they map to (see docs/profile.md).",
        "",
    ]
    for setting in SETTINGS:
        example = (
            '[""]' if setting.check == "dirs" else "false" if setting.check == "yes_no" else '""'
        )
        target = f" (question {setting.question})" if setting.question else ""
        lines.append(f"# {setting.description}{target}")
        lines.append(f"# {setting.key} = {example}")
    return "\n".join(lines) + "\n"
