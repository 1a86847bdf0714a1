"""Safe YAML reading and writing, without PyYAML's traps.

* Only safe construction, with the C parser when it is available (several times faster).
* Duplicate keys are an error, not a silent overwrite.
* No YAML 1.1 implicit typing: `NO`, `off` and `2026-01-01` stay the strings the user
  typed; only `null` (or an empty value) is null, so `Null`, `NULL` and `~` are text. Trees and knowledge use YAML 1.2's core schema (true/false, null, decimal
  numbers); answers files use `plain=True`, where every scalar but null stays a string
  and the question tree decides its type.
* Mappings and sequences remember their line numbers, so errors can say `file:line`.
* Bounded: a file over `MAX_FILE_BYTES`, a document that aliases expand beyond
  `MAX_NODES` values ("billion laughs"), nesting deeper than `MAX_DEPTH`, an alias that
  contains itself, or a file that is not a regular file (a FIFO, a device) is refused
  with `file:line`, before anything is built from it.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, SequenceNode

from sharewiz.errors import FileFormatError

MAX_FILE_BYTES = 10 * 1024 * 1024  # far above any real tree or answers file
MAX_NODES = 1_000_000  # values in a document, each alias counted as the values it repeats
MAX_DEPTH = 200  # nested mappings and lists; deeper would exhaust Python's stack

# The C parser is several times faster; PyYAML built without libyaml falls back.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MarkedDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and each key's line (1-based)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """A plain dict, plus the line it started on and the line of each key."""
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict[str, int] = {}


class MarkedList(list[Any]):
    """A sequence from YAML that knows its line (1-based)."""

    line: int = 0


def line_of(value: Any, key: str | None = None, default: int = 0) -> int:
    """The line a value (or one of its keys) came from, or `default` if unknown."""
    if key is not None and isinstance(value, MarkedDict):
        return value.key_lines.get(key, value.line)
    return int(getattr(value, "line", default) or default)


def _resolvers(plain: bool) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """YAML 1.2 core schema (plain=False) or text-only scalars (plain=True)."""
    # Only `null` (or nothing) is null: `Null`, `NULL` and `~` are text, so an
    # organisation called "Null" is not read as no answer (docs/answers-files.md).
    table: list[tuple[str, str, str]] = [("null", r"null|", "n")]
    if not plain:
        table += [
            ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
            # No leading zeros, so a phone number like 0161 stays text.
            ("int", r"[-+]?(?:0|[1-9][0-9]*)", "-+0123456789"),
            ("float", r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", "-+0123456789."),
        ]
    resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for name, pattern, first in table:
        compiled = re.compile(f"^(?:{pattern})$")
        for char in [*first, *([""] if name == "null" else [])]:
            resolvers.setdefault(char or None, []).append((f"tag:yaml.org,2002:{name}", compiled))
    return resolvers


def _construct_map(loader: SafeConstructor, node: MappingNode) -> Any:
    data = MarkedDict()
    data.line = node.start_mark.line + 1
    yield data
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key is None or isinstance(key, (dict, list)):
            raise ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            )
        key = str(key)
        if key in data:
            first = data.key_lines[key]
            message = f"duplicate key {key!r} (first on line {first})"
            raise ConstructorError(None, None, message, key_node.start_mark)
        data.key_lines[key] = key_node.start_mark.line + 1
        data[key] = loader.construct_object(value_node, deep=True)


def _construct_seq(loader: SafeConstructor, node: SequenceNode) -> Any:
    data = MarkedList()
    data.line = node.start_mark.line + 1
    yield data
    data.extend(loader.construct_sequence(node, deep=True))


def _make_loader(plain: bool) -> type[yaml.SafeLoader]:
    attributes = {
        "yaml_implicit_resolvers": _resolvers(plain),
        "yaml_constructors": {
            **SafeConstructor.yaml_constructors,
            "tag:yaml.org,2002:map": _construct_map,
            "tag:yaml.org,2002:seq": _construct_seq,
            # Only an explicit !!timestamp gets here: keep what was typed.
            "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_str,
        },
    }
    name = "_PlainLoader" if plain else "_CoreLoader"
    return type(name, (_BaseLoader,), attributes)


_LOADERS = {False: _make_loader(False), True: _make_loader(True)}


def parse_yaml(
    text: str, source: str, *, plain: bool = False, error: type[FileFormatError] = FileFormatError
) -> Any:
    """Parse YAML text; errors are raised as `error` (a FileFormatError) starting `source:line:`."""
    loader = _LOADERS[plain](text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node, source, error)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise error(
            f"{source}:{line}: {problem}",
            hint="fix the YAML at that line (indentation, quotes, a ':' in an unquoted value?)",
        ) from exc
    except yaml.YAMLError as exc:
        raise error(f"{source}: {exc}", hint="check the file is valid YAML") from exc
    finally:
        loader.dispose()


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _check_size(root: Node, source: str, error: type[FileFormatError]) -> None:
    """Refuse a document too big once aliases are expanded, too deep, or self-containing.

    Counted over the node graph with each shared node sized once, so the check itself
    takes time in proportion to the file, not to the expansion it guards against.
    """

    def refuse(node: Node, problem: str, hint: str) -> FileFormatError:
        return error(f"{source}:{node.start_mark.line + 1}: {problem}", hint=hint)

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the current path: meeting one again is a cycle
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_NODES:
                raise refuse(
                    node,
                    f"the aliases here expand to more than {MAX_NODES:,} values",
                    "write the values out, or use fewer nested aliases (&name / *name)",
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise refuse(
                node,
                "an alias contains itself",
                "remove the alias (*name) that refers to its own anchor",
            )
        if depth > MAX_DEPTH:
            raise refuse(node, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        open_nodes.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


def load_yaml(
    path: Path, *, plain: bool = False, error: type[FileFormatError] = FileFormatError
) -> Any:
    """Read and parse a YAML file, naming the file in every error (raised as `error`).

    Only regular files up to `MAX_FILE_BYTES` are read: a FIFO would wait for ever and
    `/dev/zero` never ends.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{path}: not a regular file", hint="give the path of a YAML file")
        if info.st_size > MAX_FILE_BYTES:
            raise error(
                f"{path}: {info.st_size:,} bytes is too big (the limit is {MAX_FILE_BYTES:,})",
                hint="a YAML file for sharewiz is a few kilobytes; check it is the right file",
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(f"{path}: no such file", hint="check the path") from exc
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise error(
            f"{path}:{line}: not UTF-8 text (byte {exc.object[exc.start]:#04x})",
            hint="save the file as UTF-8 (in Excel or Word: 'UTF-8' in the encoding list)",
        ) from exc
    except OSError as exc:
        raise error(
            f"{path}: cannot be read ({exc.strerror})", hint="check the path and its permissions"
        ) from exc
    return parse_yaml(text, str(path), plain=plain, error=error)


# The C emitter writes the same text about eight times faster (a batch writes an
# answers file per set); PyYAML built without libyaml falls back to Python.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """Block style, insertion order, long text as `|` blocks, strings quoted when ambiguous."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(MarkedDict, yaml.SafeDumper.represent_dict)
_Dumper.add_representer(MarkedList, yaml.SafeDumper.represent_list)


def dump_yaml(data: Any) -> str:
    """Serialise data as readable block YAML that `parse_yaml` reads back the same."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )


_REUSED: dict[str, str] = {}  # repr of data -> its YAML
_REUSED_LIMIT = 4096  # emptied when full, so a long batch's memory stays flat


def dump_yaml_reused(data: Any) -> str:
    """`dump_yaml`, reusing the text of equal data dumped before in this process.

    A batch writes the same answers, envelope and first history entry for most of its
    sets, and dumping them again cost more than looking them up. `repr` is the key (it
    tells apart 1, 1.0, True and "1"); data must be plain YAML values with no list or
    mapping appearing twice, since an anchor depends on identity, which repr cannot see.
    """
    key = repr(data)
    text = _REUSED.get(key)
    if text is None:
        text = dump_yaml(data)
        if len(_REUSED) >= _REUSED_LIMIT:
            _REUSED.clear()
        _REUSED[key] = text
    return text


__all__ = [
    "MarkedDict",
    "MarkedList",
    "dump_yaml",
    "dump_yaml_reused",
    "line_of",
    "load_yaml",
    "parse_yaml",
]


def plain_data(value: Any) -> Any:
    """Plain dicts and lists of what YAML gave, without line marks (cheap to pickle)."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    return value
