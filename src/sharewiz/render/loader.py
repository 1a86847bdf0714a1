"""The template loader: Jinja's file loader, kept inside the folders it searches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemLoader

from sharewiz.model.paths import inside

if TYPE_CHECKING:
    from jinja2 import Environment


class ContainedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses a template leading out of its folder.

    Jinja already refuses `..` in a template name, but it opens symlinks wherever they
    point: a symlink in a shared templates folder could show any file the user can read
    in a document. Here the file found is resolved and must lie inside the folder it was
    found in (raises UserError naming it).
    """

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, once checked that it stays inside its folder."""
        source, filename, uptodate = super().get_source(environment, template)
        found = Path(filename)
        for folder in map(Path, self.searchpath):
            if found.is_relative_to(folder):
                inside(found, folder, what=f"template {template!r}")
                break
        return source, filename, uptodate
