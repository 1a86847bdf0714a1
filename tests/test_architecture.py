"""The shape of the package (issue 12): small modules, layers that say their role, thin commands."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

import sharewiz
import sharewiz.cli
from sharewiz.cli.app import app

SRC = Path(sharewiz.__file__).parent
LAYERS = ("cli", "portfolio", "sets", "render", "law", "model")
MAX_MODULE_LINES = 400
MAX_HANDLER_LINES = 15


def body_lines(function: Callable[..., Any]) -> int:
    """Lines from the first statement after the docstring to the end of the function."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    body = definition.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring is documentation, not glue
    end = body[-1].end_lineno
    assert end is not None
    return end - body[0].lineno + 1


def command_callbacks(typer_app: typer.Typer) -> Iterator[Callable[..., Any]]:
    """Every function registered as a command, sub-apps included."""
    for command in typer_app.registered_commands:
        assert command.callback is not None
        yield command.callback
    for group in typer_app.registered_groups:
        assert group.typer_instance is not None
        yield from command_callbacks(group.typer_instance)


def run_handlers() -> Iterator[Callable[..., Any]]:
    """Every `run_*` function in the CLI layer."""
    for info in pkgutil.walk_packages(sharewiz.cli.__path__, "sharewiz.cli."):
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("run_") and function.__module__ == info.name:
                yield function


def test_no_module_over_400_lines() -> None:
    long = {
        str(path.relative_to(SRC)): count
        for path in SRC.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_every_layer_says_its_role_in_one_line() -> None:
    for layer in LAYERS:
        doc = importlib.import_module(f"sharewiz.{layer}").__doc__
        assert doc, f"sharewiz.{layer} has no docstring"
        assert len(doc.strip().splitlines()) == 1, f"sharewiz.{layer}: one line, please"


def test_every_command_is_glue_of_at_most_15_lines() -> None:
    commands = {f"{f.__module__}.{f.__name__}": body_lines(f) for f in command_callbacks(app)}
    assert len(commands) >= 18  # list, new, render, ... profile show, export json
    assert {name: n for name, n in commands.items() if n > MAX_HANDLER_LINES} == {}


def test_every_run_handler_is_glue_of_at_most_15_lines() -> None:
    handlers = {f"{f.__module__}.{f.__name__}": body_lines(f) for f in run_handlers()}
    assert len(handlers) >= 14  # run_new, run_render, run_update, run_diff, run_status ...
    assert {name: n for name, n in handlers.items() if n > MAX_HANDLER_LINES} == {}
