"""One error hierarchy: everything the toolkit raises on purpose derives from ToolkitError."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import toolkit as tk
from toolkit import errors

PACKAGE = Path(tk.__file__).parent
#: Built-in exceptions the package must not raise directly (a ToolkitError subclass instead).
BUILTINS = {
    "ValueError",
    "TypeError",
    "KeyError",
    "LookupError",
    "FileNotFoundError",
    "ImportError",
    "RuntimeError",
    "OSError",
    "PermissionError",
    "IsADirectoryError",
    "IndexError",
    "Exception",
}


def _raised_names(tree: ast.AST):
    """Names of exceptions raised with a message (a bare ``raise ValueError`` caught a line
    later is local control flow, not an error the user sees)."""
    for node in ast.walk(tree):
        call = node.exc if isinstance(node, ast.Raise) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
            yield call.func.id, node.lineno


def test_no_builtin_exception_is_raised_directly():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, line in _raised_names(tree):
            if name in BUILTINS:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line} raises {name}")
    assert offenders == []


def test_every_public_error_derives_from_toolkit_error():
    for name in errors.__all__:
        cls = getattr(errors, name)
        if name == "ToolkitWarning":
            assert issubclass(cls, UserWarning)
            continue
        assert issubclass(cls, tk.ToolkitError), name


def test_errors_keep_the_builtin_they_replace():
    assert issubclass(tk.ArgumentError, ValueError)
    assert issubclass(tk.InputError, TypeError)
    assert issubclass(tk.UnknownNameError, KeyError)
    assert issubclass(tk.DataError, RuntimeError)
    assert str(tk.UnknownNameError("no column 'x'")) == "no column 'x'"


def test_a_user_mistake_is_a_toolkit_error():
    with pytest.raises(tk.ToolkitError, match="min_count"):
        tk.ngrams(["a b"], min_count=0)
    with pytest.raises(tk.ToolkitError, match="unknown corpus"):
        tk.load_corpus("no-such-corpus")
