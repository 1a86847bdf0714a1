"""How each kind of organisation profile value is checked, and made the form it is kept in.

One table of checks (`Setting.check` in `sharewiz.model.profile`): yes/no, folders, one
line of text, several lines (an address), an email or web address, an ICO registration
number, a reference DOCX, and signatories ("name: job title" a line, read with the
wizard's colon rule). Each failure is a FileFormatError made by the caller's `bad`, which
names the file, line and key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sharewiz.errors import FileFormatError
from sharewiz.model.colon_split import split_at_colon

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# ICO register references: Z then 6 or 7 letters/digits (questions/fragments/controller.yaml)
_ICO = re.compile(r"^Z[A-Z0-9]{6,7}$")
SIGNATORY_EXAMPLE = "Priya Raman: Director of Resources"

Bad = Callable[..., FileFormatError]  # (message, hint=None): the error, naming where


def checked(check: str, value: Any, *, bad: Bad, base: Path) -> Any:  # noqa: C901 - one table
    """`value` checked as `check` says; returned normalised (paths absolute, lines tidied).

    Raises:
        FileFormatError: made by `bad`, saying what is wrong and how to fix it.
    """
    if check == "yes_no":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false"):
            return value.strip().lower() in ("yes", "true")
        raise bad(f"{value!r} is not yes or no", hint="write true or false")
    if check == "dirs":
        items = value if isinstance(value, list) else [value]
        folders = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise bad("must be a folder path, or a list of them")
            folder = (base / Path(item).expanduser()).resolve()
            if not folder.is_dir():
                raise bad(f"folder {item!r} not found ({folder})")
            folders.append(str(folder))
        return folders
    if not isinstance(value, str) or not value.strip():
        raise bad("must be non-empty text")
    if check == "signatories":
        return _signatory_lines(value, bad)
    text = value.strip("\n") if check == "long_text" else value.strip()
    if check != "long_text" and "\n" in text:
        raise bad("must be on one line")
    if check == "email" and not _EMAIL.match(text):
        raise bad(f"{text!r} is not an email address", hint="e.g. dpo@northshire.gov.uk")
    if check == "url" and not _URL.match(text):
        raise bad(f"{text!r} is not a web address", hint="start it with https://")
    if check == "ico" and not _ICO.match(text):
        raise bad(
            f"{text!r} is not an ICO registration number",
            hint="it starts with Z and has 7 or 8 characters, e.g. ZA123456 or Z1234567",
        )
    if check == "docx":
        # Only made absolute: whether the file is a sound DOCX is checked where it is set
        # and where Word output is written, so a file that breaks later cannot stop every
        # command, `profile show` and `profile unset` included.
        return str((base / Path(text).expanduser()).resolve())
    return text


def _signatory_lines(value: str, bad: Bad) -> str:
    """Signatories one a line, "name: job title", as the wizard reads a party's lines
    (the same colon rule); each with its job title, no name twice. Blank lines and
    spaces are tidied away. Raises FileFormatError naming the line."""
    hint = f'one signatory a line, the name, a colon, then the job title: "{SIGNATORY_EXAMPLE}"'
    lines = [" ".join(line.split()) for line in value.splitlines() if line.strip()]
    seen: dict[str, int] = {}
    tidied = []
    for number, line in enumerate(lines, 1):
        name, title = split_at_colon(line)
        if not title:
            raise bad(f"line {number} ({line!r}) has no job title after a colon", hint=hint)
        if name.casefold() in seen:
            raise bad(f"line {number} ({name!r}) repeats line {seen[name.casefold()]}",
                      hint="give each person once")  # fmt: skip
        seen[name.casefold()] = number
        tidied.append(f"{name}: {title}")
    return "\n".join(tidied)
