"""PDF from the DOCX, through LibreOffice when it is installed.

The Word file is the typeset document, so the PDF is that file as LibreOffice prints
it: tagged (for screen readers), with the document's language and title, and
bookmarks from the headings. LibreOffice stamps the time and a random file id into
every PDF; both are replaced (the date from the answers, the id from the content), so
the same answers give the same PDF bytes.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from sharewiz.errors import MissingProgramError, UserError
from sharewiz.render.meta import DocMeta

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; "
    "Fedora: sudo dnf install libreoffice-writer; macOS: brew install --cask libreoffice), "
    "or leave pdf out of --format"
)
_PROGRAMS = ("soffice", "libreoffice")
# writer_pdf_Export options (LibreOffice's JSON filter syntax).
_EXPORT_OPTIONS = {
    "UseTaggedPDF": True,
    "ExportBookmarks": True,
    "DisplayPDFDocumentTitle": True,
    "ExportNotes": False,
}
_TIMEOUT_S = 180
_CREATION_DATE = re.compile(rb"/CreationDate\(D:(\d{14})Z'\)")
_FILE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-F]{32})>\s*<([0-9A-F]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-F]{32})")


def libreoffice() -> str | None:
    """Return the path of LibreOffice's ``soffice`` program, or None if not installed."""
    for name in _PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(docx: bytes, meta: DocMeta) -> bytes:
    """Convert a DOCX made by sharewiz into a tagged PDF.

    Args:
        docx: The Word file's bytes.
        meta: The document's metadata (its date stands in for the conversion time).

    Returns:
        The PDF's bytes.

    Raises:
        MissingProgramError: LibreOffice is not installed.
        UserError: LibreOffice failed to convert the file.
    """
    program = libreoffice()
    if program is None:
        raise MissingProgramError(
            "PDF output needs LibreOffice, which is not installed", hint=INSTALL_HINT
        )
    filter_options = json.dumps(
        {
            key: {"type": "boolean", "value": str(value).lower()}
            for key, value in _EXPORT_OPTIONS.items()
        }
    )
    with tempfile.TemporaryDirectory(prefix="sharewiz-pdf-") as work:
        source = Path(work) / "document.docx"
        source.write_bytes(docx)
        command = [
            program, "--headless", "--norestore", "--nologo",
            f"-env:UserInstallation={_profile().as_uri()}",
            "--convert-to", f"pdf:writer_pdf_Export:{filter_options}",
            "--outdir", work, str(source),
        ]  # fmt: skip
        env = {**os.environ, "TZ": "UTC"}  # one time-stamp format to replace
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=_TIMEOUT_S, env=env, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UserError(f"LibreOffice could not convert {meta.title!r} to PDF: {exc}") from exc
        target = Path(work) / "document.pdf"
        if not target.is_file():
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            raise UserError(
                f"LibreOffice could not convert {meta.title!r} to PDF"
                + (f": {detail[-1]}" if detail else ""),
                hint="run again with --debug, or check that soffice --headless works here",
            )
        return _steady(target.read_bytes(), meta)


@cache
def _profile() -> Path:
    """A LibreOffice user profile of this process's own, so parallel renders don't clash."""
    folder = Path(tempfile.mkdtemp(prefix="sharewiz-lo-profile-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _steady(pdf: bytes, meta: DocMeta) -> bytes:
    """Replace the conversion time and the random file id, keeping every byte offset."""
    parsed = meta.parsed_date()
    stamp = f"{parsed:%Y%m%d}000000" if parsed else "20000101000000"
    pdf = _CREATION_DATE.sub(lambda _m: b"/CreationDate(D:" + stamp.encode() + b"Z')", pdf)
    # The id and checksum LibreOffice derives from the time: from the content instead.
    content = _CHECKSUM.sub(b"", _FILE_ID.sub(b"", pdf))
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest().upper().encode()
    pdf = _FILE_ID.sub(
        lambda m: m.group(0).replace(m.group(1), digest).replace(m.group(2), digest), pdf
    )
    return _CHECKSUM.sub(lambda _m: b"/DocChecksum /" + digest, pdf)
