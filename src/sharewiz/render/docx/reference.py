"""Read a reference DOCX safely: a regular file, a sound zip, no bomb.

A reference DOCX comes from outside (a branding team, a shared drive), so before
python-docx sees it the file is checked: only a regular file is opened (a FIFO would
wait for ever, `/dev/zero` never ends), its size is bounded, and every member of the
zip is read through once with its size, compression ratio and CRC checked, so a
corrupt member or a zip bomb is an error naming the file rather than a crash.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path

from sharewiz.errors import ReferenceDocxError

MAX_FILE_BYTES = 50 * 1024 * 1024  # a branded reference with logos is a few MB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members together, decompressed
MAX_MEMBERS = 2_000
MAX_RATIO = 200  # decompressed / compressed for a member over RATIO_FLOOR (XML is ~10-20)
RATIO_FLOOR = 1024 * 1024
# The file may come from --reference-docx or from the profile: the hint names both ways out.
DROP = (
    "to use the built-in styles, leave out --reference-docx, or run "
    "`sharewiz profile unset reference_docx` if your profile names it"
)
HINT = f"Save the reference from Word as 'Word Document (*.docx)'; {DROP}."


def read_reference(path: Path) -> bytes:
    """The bytes of a reference DOCX, after checking the file and its zip.

    Raises:
        ReferenceDocxError: missing, not a regular file, too big, not a zip, a corrupt
            member (bad CRC or data), or a member that decompresses beyond the limits.
    """
    data = _read_regular_file(path)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReferenceDocxError(
            f"reference DOCX {path} is not a .docx file (it is not a zip archive)", hint=HINT
        )
    try:
        _check_members(data, path)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ReferenceDocxError(f"reference DOCX {path} is damaged: {exc}", hint=HINT) from None
    return data


def _read_regular_file(path: Path) -> bytes:
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ReferenceDocxError(
            f"reference DOCX {path} does not exist",
            hint=f"Check the path (`sharewiz profile show` lists your profile's); {DROP}.",
        ) from None
    except OSError as exc:
        raise ReferenceDocxError(
            f"reference DOCX {path} could not be read: {exc.strerror}", hint=HINT
        ) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # checked before fdopen, which refuses a folder
        os.close(fd)
        raise ReferenceDocxError(f"reference DOCX {path} is not a regular file", hint=HINT)
    with os.fdopen(fd, "rb") as file:
        if info.st_size > MAX_FILE_BYTES:
            raise ReferenceDocxError(
                f"reference DOCX {path} is {info.st_size:,} bytes, over the limit of"
                f" {MAX_FILE_BYTES:,}",
                hint="Make the reference smaller (compress its pictures in Word).",
            )
        try:
            return file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ReferenceDocxError(
                f"reference DOCX {path} could not be read: {exc.strerror}", hint=HINT
            ) from None


def _check_members(data: bytes, path: Path) -> None:
    """Read every member once, bounding what it decompresses to; zipfile checks each CRC."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _bomb(path, f"it holds {len(members):,} files")
        total = 0
        for member in members:
            if member.file_size > RATIO_FLOOR and (
                member.file_size > MAX_RATIO * max(member.compress_size, 1)
            ):
                raise _bomb(path, f"{member.filename} is compressed {MAX_RATIO}+ times")
            unpacked = 0
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 16):
                    unpacked += len(chunk)
                    total += len(chunk)
                    if unpacked > member.file_size or total > MAX_UNPACKED_BYTES:
                        raise _bomb(path, f"{member.filename} unpacks beyond its stated size")


def _bomb(path: Path, reason: str) -> ReferenceDocxError:
    return ReferenceDocxError(
        f"reference DOCX {path} is not a plain Word document: {reason}", hint=HINT
    )
