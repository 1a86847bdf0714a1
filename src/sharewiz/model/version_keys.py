"""The keys of a question tree that say how to read answers given to an older version.

`renamed`, `renamed_choices`, `grouped`, `moved` and `added` (see docs/question-trees.md,
"Versions"): the tree loader (`sharewiz.model.tree_loader`) reads them through these methods, each
problem a TreeError `file:line: ...` with a hint.
"""

from __future__ import annotations

from sharewiz.model.question_parser import QuestionParser
from sharewiz.model.yamlio import MarkedDict, line_of


class VersionKeys(QuestionParser):
    """Reads the version keys of the tree being loaded (`self.path`)."""

    def renamed(self, data: MarkedDict) -> tuple[dict[str, str], dict[str, int]]:
        """`renamed:` maps old id: new id, or a version to the renames it made
        (`3: {old: new}`), so a later version's answers are not renamed again."""
        renamed = data.get("renamed") or MarkedDict()
        renamed = self.mapping(renamed, self.path, data.line, "'renamed' (old id: new id)")
        names: dict[str, str] = {}
        since: dict[str, int] = {}
        for key, value in renamed.items():
            if isinstance(value, dict):
                if not str(key).isdigit():
                    raise self.fail(
                        self.path,
                        line_of(renamed, key, data.line),
                        f"'renamed': {key!r} must be a version number over its renames",
                        hint="write `old_id: new_id`, or the version that renamed them: "
                        "`3: {old_id: new_id}`",
                    )
                names.update({str(k): str(v) for k, v in value.items()})
                since.update(dict.fromkeys(map(str, value), int(key)))
            else:
                names[str(key)] = str(value)
        return names, since

    def grouped(self, data: MarkedDict) -> dict[str, dict[str, str]]:
        """`grouped:` maps "group.inner_group" to {new inner id: old id beside it}."""
        grouped = data.get("grouped") or MarkedDict()
        grouped = self.mapping(
            grouped, self.path, data.line, "'grouped' (group.inner_group: {new id: old id})"
        )
        result = {}
        for key, moves in grouped.items():
            line = line_of(grouped, key, data.line)
            if str(key).count(".") != 1 or not isinstance(moves, dict) or not moves:
                raise self.fail(
                    self.path,
                    line,
                    f"'grouped': {key!r} must be group.inner_group with a mapping of "
                    "new inner id: old id",
                    hint="write e.g. `parties.signatories: {name: signatory_name}` "
                    "(see docs/question-trees.md)",
                )
            result[str(key)] = {str(new): str(old) for new, old in moves.items()}
        return result

    def moved(self, data: MarkedDict) -> dict[str, str]:
        """`moved:` maps an old top-level id to the `group.inner` answer now holding it,
        or to `group.inner, other`: a one-line "first, second" answer split between two."""
        moved = data.get("moved") or MarkedDict()
        moved = self.mapping(moved, self.path, data.line, "'moved' (old id: group.inner)")
        for key, target in moved.items():
            if (
                not isinstance(target, str)
                or target.split(",")[0].count(".") != 1
                or (target.count(",") > 1 or "." in target.partition(",")[2])
            ):
                raise self.fail(
                    self.path,
                    line_of(moved, key, data.line),
                    f"'moved': {key!r} must name its new place as group.inner",
                    hint="write `old_id: group.inner_id`, e.g. `provision_requirement: data_categories.provision`"
                    " (or `group.inner_id, other_inner_id` to split a 'first, second' line)",
                )
        return {str(k): str(v) for k, v in moved.items()}

    def renamed_choices(self, data: MarkedDict) -> dict[str, dict[str, str]]:
        """`renamed_choices:` maps a question id (`group.field`) to {old value: new value}."""
        given = data.get("renamed_choices") or MarkedDict()
        given = self.mapping(given, self.path, data.line, "'renamed_choices' (id: {old: new})")
        result = {}
        for key, values in given.items():
            line = line_of(given, key, data.line)
            values = self.mapping(values, self.path, line, f"'renamed_choices' of {key!r}")
            self.renamed_choice_lines[str(key)] = line
            result[str(key)] = {str(old): str(new) for old, new in values.items()}
        return result

    def added(self, data: MarkedDict, version: int) -> dict[str, int]:
        """`added:` maps each version to the question ids it added (version: [ids])."""
        added = data.get("added") or MarkedDict()
        added = self.mapping(added, self.path, data.line, "'added' (version: [question ids])")
        result = {}
        for key, ids in added.items():
            line = line_of(added, key, data.line)
            number = int(key) if str(key).isdigit() else 0  # YAML keys are read as text
            if not 1 < number <= version:
                raise self.fail(
                    self.path,
                    line,
                    f"'added': {key!r} must be a version from 2 to {version}",
                    hint="key each list by the tree version that added those questions",
                )
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise self.fail(
                    self.path,
                    line,
                    f"'added': version {key} must list question ids",
                    hint=f"write `{key}: [question_id, ...]`",
                )
            result.update(dict.fromkeys(ids, number))
            self.added_lines.update(dict.fromkeys(ids, line))
        return result
