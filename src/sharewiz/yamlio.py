"""Safe YAML reading and writing, without PyYAML's traps.

* Only safe construction, with the C parser when it is available (several times faster).
* Duplicate keys are an error, not a silent overwrite.
* No YAML 1.1 implicit typing: `NO`, `off` and `2026-01-01` stay the strings the user
  typed. Trees and knowledge use YAML 1.2's core schema (true/false, null, decimal
  numbers); answers files use `plain=True`, where every scalar but null stays a string
  and the question tree decides its type.
* Mappings and sequences remember their line numbers, so errors can say `file:line`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from sharewiz.errors import FileFormatError

try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner
    from yaml.composer import Composer as _Composer

    class _PureParser(_Reader, _Scanner, _Parser, _Composer):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _Parser.__init__(self)
            _Composer.__init__(self)

    _Parser = _PureParser  # type: ignore[misc,assignment]


class MarkedDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and each key's line (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class MarkedList(list[Any]):
    """A sequence from YAML that knows its line (1-based)."""

    line: int = 0


def line_of(value: Any, key: str | None = None, default: int = 0) -> int:
    """The line a value (or one of its keys) came from, or `default` if unknown."""
    if key is not None and isinstance(value, MarkedDict):
        return value.key_lines.get(key, value.line)
    return int(getattr(value, "line", default) or default)


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: booleans are only true/false, no dates, no sexagesimals."""


_CoreResolver.yaml_implicit_resolvers = {}
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
# Integers without leading zeros, so a phone number like 0161 stays text.
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


class _PlainResolver(BaseResolver):
    """Every plain scalar is a string, except an empty value or `~`/`null`."""


_PlainResolver.yaml_implicit_resolvers = {}
_PlainResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _MarkingConstructor(SafeConstructor):
    def construct_marked_map(self, node: MappingNode) -> Any:
        data = MarkedDict()
        data.line = node.start_mark.line + 1
        data.key_lines = {}
        yield data
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise ConstructorError(
                    None, None, "a mapping key must be plain text", key_node.start_mark
                )
            key = str(key)
            if key in data:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first on line {data.key_lines[key]})",
                    key_node.start_mark,
                )
            data.key_lines[key] = key_node.start_mark.line + 1
            data[key] = self.construct_object(value_node, deep=True)  # type: ignore[no-untyped-call]

    def construct_marked_seq(self, node: SequenceNode) -> Any:
        data = MarkedList()
        data.line = node.start_mark.line + 1
        yield data
        data.extend(self.construct_sequence(node, deep=True))  # type: ignore[no-untyped-call]


_MarkingConstructor.add_constructor(
    "tag:yaml.org,2002:map",
    _MarkingConstructor.construct_marked_map,  # type: ignore[arg-type]
)
_MarkingConstructor.add_constructor(
    "tag:yaml.org,2002:seq",
    _MarkingConstructor.construct_marked_seq,  # type: ignore[arg-type]
)


class _CoreLoader(_Parser, _MarkingConstructor, _CoreResolver):  # type: ignore[misc,valid-type]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _MarkingConstructor.__init__(self)
        _CoreResolver.__init__(self)


class _PlainLoader(_Parser, _MarkingConstructor, _PlainResolver):  # type: ignore[misc,valid-type]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _MarkingConstructor.__init__(self)
        _PlainResolver.__init__(self)


def parse_yaml(text: str, source: str, *, plain: bool = False) -> Any:
    """Parse YAML text; errors become FileFormatError starting `source:line:`."""
    loader = (_PlainLoader if plain else _CoreLoader)(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise FileFormatError(
            f"{source}:{line}: {problem}",
            hint="fix the YAML at that line (indentation, quotes, a ':' in an unquoted value?)",
        ) from exc
    except yaml.YAMLError as exc:
        raise FileFormatError(f"{source}: {exc}", hint="check the file is valid YAML") from exc
    finally:
        loader.dispose()


def load_yaml(path: Path, *, plain: bool = False) -> Any:
    """Read and parse a YAML file, naming the file in every error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileFormatError(f"{path}: no such file", hint="check the path") from exc
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path}: not UTF-8 text", hint="save the file as UTF-8") from exc
    except OSError as exc:
        raise FileFormatError(f"{path}: cannot be read ({exc.strerror})") from exc
    return parse_yaml(text, str(path), plain=plain)


class _Dumper(yaml.SafeDumper):
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
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=88
    )


__all__ = [
    "MarkedDict",
    "MarkedList",
    "ScalarNode",
    "dump_yaml",
    "line_of",
    "load_yaml",
    "parse_yaml",
]
