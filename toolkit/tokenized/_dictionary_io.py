"""Dictionary files: quanteda's YAML, the same structure as JSON, and LIWC's ``.dic``.

YAML (``.yml``/``.yaml``)
    quanteda's format: a top-level mapping of keys to lists of patterns, nested mappings for
    levels, a single string for one pattern. Read with a safe loader that reports a key
    repeated at one level (with its line) and takes booleans as YAML 1.2 does: only
    ``true``/``false``, so the words ``yes``, ``no``, ``on`` and ``off`` stay words. Written in
    quanteda's ``as.yaml`` layout (lists indented under their key), UTF-8, Chinese unescaped.
    A pattern that starts with ``*`` must be quoted in YAML (``'*ing'``; unquoted it is an
    alias), and the error says so; the writer quotes it.
JSON (``.json``)
    The same nested structure; a key repeated in one object is reported.
LIWC (``.dic``)
    A header of categories between two lines holding only ``%`` (``1<TAB>funct``), then one
    word a line followed by its category numbers. Every oddity of real files is handled on
    purpose:

    - a UTF-8 byte-order mark, CRLF line ends and blank lines are skipped;
    - tab-indented header lines are subcategories of the line above with less indentation
      (LIWC2015's hierarchy, read as quanteda's ``read_dict_liwc`` does);
    - numbers may be zero-padded (``01`` is ``1``) and separated by tabs or spaces;
    - a multi-word entry (``kind of<TAB>131``) stays one phrase;
    - a word listed on several lines belongs to all their categories;
    - a category no word uses is kept as an empty category;
    - a category number missing from the header is a :class:`LexiconError` naming file, line
      and word (quanteda drops it with a note);
    - lines that cannot be loaded — LIWC2007's conditional codes (``like<TAB>(02 134)125/464``,
      ``<of>`` tags: the category depends on the neighbouring word, which a dictionary cannot
      say), a word without numbers, codes that are not numbers — are not loaded and reported
      in one :class:`ToolkitWarning` listing their line numbers.

    Words keep the file's order (quanteda sorts them). Only a one-level dictionary can be
    written (``d.flatten()`` for a nested one); LIWC tools read ``*`` only at the end of a word.
"""

from __future__ import annotations

import codecs
import json
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from toolkit.errors import (
    ArgumentError,
    FileMissingError,
    LexiconError,
    ToolkitWarning,
)

if TYPE_CHECKING:
    from toolkit.tokenized.dictionary import Dictionary

__all__ = ["SUFFIXES", "dictionary_text", "read_dictionary_file"]

#: File suffix → format.
SUFFIXES = {".yml": "yaml", ".yaml": "yaml", ".json": "json", ".dic": "liwc"}


def _format(path: Path) -> str:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise LexiconError(
            f"dictionary file {path}: unsupported suffix {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(SUFFIXES)}"
        )
    return fmt


class _Loader(yaml.SafeLoader):
    """Safe YAML loader: YAML 1.2 booleans, and a key repeated at one level is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float)):
                continue  # unhashable keys are the constructor's own error
            if key in seen:
                line = key_node.start_mark.line + 1
                raise LexiconError(f"line {line}: key {key!r} appears twice at one level")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, as quanteda's ``as.yaml`` (``indent.mapping.sequence``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def _read_text(path: Path, encoding: str) -> str:
    if not path.is_file():
        raise FileMissingError(f"dictionary file {path} not found")
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ArgumentError(f"unknown encoding {encoding!r}") from None
    try:
        return path.read_bytes().decode("utf-8-sig" if codec == "utf-8" else encoding)
    except UnicodeDecodeError as err:
        raise LexiconError(
            f"{path}: not {encoding} text (byte {err.start}); pass encoding=, e.g. 'cp1252'"
        ) from None


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise LexiconError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def read_dictionary_file(path: Path, *, encoding: str = "utf-8") -> dict[str, Any]:
    """The nested mapping in a ``.yml``/``.yaml``, ``.json`` or ``.dic`` file."""
    fmt = _format(path)
    text = _read_text(path, encoding)
    if fmt == "liwc":
        return read_liwc(text, path)
    try:
        if fmt == "json":
            data = json.loads(text, object_pairs_hook=_unique_pairs)
        else:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except LexiconError as err:
        raise LexiconError(f"{path}: {err}") from None
    except json.JSONDecodeError as err:
        raise LexiconError(f"{path}: not valid JSON: {err}") from None
    except yaml.YAMLError as err:
        hint = "; quote patterns that start with '*' ('*ing')" if "alias" in str(err) else ""
        raise LexiconError(f"{path}: not valid YAML: {_one_line(err)}{hint}") from None
    if data is None:
        raise LexiconError(f"{path}: the file is empty; expected a mapping of keys to patterns")
    if not isinstance(data, dict):
        first = f" (first item {data[0]!r})" if isinstance(data, list) and data else ""
        raise LexiconError(
            f"{path}: expected a mapping of keys to patterns at the top level, "
            f"not a {type(data).__name__}{first}"
        )
    return data


# ---------------------------------------------------------------------- LIWC .dic
_HEADER = re.compile(r"(\d+)\s+(\S.*)")
_NO_TAB = re.compile(r"(?P<word>\S.*?)\s+(?P<codes>\d+(?:\s+\d+)*)")
_CONDITIONAL = re.compile(r"\(\s*\d+(?:\s+\d+)*\s*\)|<[^<>\s]+>|\d+/\d+")
_NUMBER = re.compile(r"[0-9]+")
_REASONS = {
    "conditional": "conditional category codes (LIWC2007 'like (02 134)125/464' or '<of>' "
    "forms: the category depends on the neighbouring word, which a dictionary cannot express)",
    "no codes": "no category number after the word",
    "not numbers": "category codes that are not numbers",
}


def _header(lines: list[str], start: int, end: int, path: Path) -> dict[int, tuple[str, ...]]:
    numbers: dict[int, tuple[str, ...]] = {}
    stack: list[tuple[int, str]] = []
    for i in range(start + 1, end):
        raw = lines[i].rstrip()
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip("\t"))
        match = _HEADER.fullmatch(raw.strip())
        if match is None:
            raise LexiconError(
                f"{path}, line {i + 1}: header line {raw.strip()!r} is not "
                "'<number><TAB><category>'"
            )
        number, name = int(match[1]), " ".join(match[2].split())
        if number in numbers:
            raise LexiconError(f"{path}, line {i + 1}: category number {number} is defined twice")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        key = (*(n for _, n in stack), name)
        if key in numbers.values():
            raise LexiconError(
                f"{path}, line {i + 1}: category {name!r} appears twice at one level"
            )
        stack.append((indent, name))
        numbers[number] = key
    return numbers


def _split_word(line: str) -> tuple[str, list[str]]:
    if "\t" in line:
        fields = [f for f in (part.strip() for part in line.split("\t")) if f]
        return " ".join(fields[0].split()), " ".join(fields[1:]).split()
    match = _NO_TAB.fullmatch(line)
    if match is None:
        return line, []
    return " ".join(match["word"].split()), match["codes"].split()


def read_liwc(text: str, path: Path) -> dict[str, Any]:
    """The nested mapping of a LIWC ``.dic`` text (see the module notes)."""
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise LexiconError(
            f"{path}: not a LIWC .dic file: its category header must sit between two lines "
            f"holding only '%' ({len(marks)} found)"
        )
    start, end = marks[0], marks[1]
    before = [i + 1 for i in range(start) if lines[i].strip()]
    if before:
        raise LexiconError(f"{path}, line {before[0]}: text before the first '%' line")
    numbers = _header(lines, start, end, path)
    words: dict[tuple[str, ...], list[str]] = {key: [] for key in numbers.values()}
    skipped: dict[str, list[int]] = {}
    for i in range(end + 1, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        word, codes = _split_word(line)
        if not codes or not all(_NUMBER.fullmatch(c) for c in codes):
            reason = (
                "conditional"
                if _CONDITIONAL.search(line)
                else "not numbers"
                if codes
                else "no codes"
            )
            skipped.setdefault(reason, []).append(i + 1)
            continue
        for code in codes:
            key = numbers.get(int(code))
            if key is None:
                known = ", ".join(str(n) for n in numbers) or "none"
                raise LexiconError(
                    f"{path}, line {i + 1}: {word!r} has category {code}, which the header "
                    f"does not define (header numbers: {known})"
                )
            if word not in words[key]:
                words[key].append(word)
    if skipped:
        detail = "; ".join(
            f"{_REASONS[reason]} at line{'s' if len(nums) > 1 else ''} {', '.join(map(str, nums))}"
            for reason, nums in skipped.items()
        )
        count = sum(len(nums) for nums in skipped.values())
        warnings.warn(f"{path}: {count} line(s) not loaded: {detail}", ToolkitWarning, stacklevel=4)
    return _nest(words)


def _nest(words: dict[tuple[str, ...], list[str]]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for key, values in words.items():  # header order: a parent comes before its subkeys
        level = tree
        for part in key[:-1]:
            level = level[part][1]
        level[key[-1]] = (values, {})

    def plain(node: tuple[list[str], dict[str, Any]]) -> Any:
        values, kids = node
        if not kids:
            return values
        sub = {k: plain(v) for k, v in kids.items()}
        return [*values, sub] if values else sub

    return {k: plain(v) for k, v in tree.items()}


# ---------------------------------------------------------------------- writing
def _liwc_text(dictionary: Dictionary, path: Path) -> str:
    if dictionary.depth > 1:
        raise LexiconError(
            f"cannot write {path}: a LIWC .dic file holds one level of categories and this "
            f"dictionary has {dictionary.depth}; write dictionary.flatten() (keys joined with '.')"
        )
    if dictionary.kind == "regex":
        raise LexiconError(f"cannot write {path}: LIWC patterns are words, not regular expressions")
    categories = dictionary.categories()
    lines = ["%"]
    codes: dict[str, list[str]] = {}
    for number, (name, values) in enumerate(categories.items(), 1):
        if re.search(r"[\t\r\n]", name):
            raise LexiconError(f"cannot write {path}: category {name!r} contains a tab or newline")
        lines.append(f"{number}\t{name}")
        for value in values:
            if dictionary.kind == "fixed" and "*" in value:
                raise LexiconError(
                    f"cannot write {path}: fixed value {value!r} (key {name!r}) would read back "
                    "as a LIWC wildcard"
                )
            codes.setdefault(value, []).append(str(number))
    lines.append("%")
    lines += [f"{value}\t" + "\t".join(nums) for value, nums in codes.items()]
    return "\n".join(lines) + "\n"


def dictionary_text(dictionary: Dictionary, path: Path) -> str:
    """The text of ``dictionary`` in the format named by ``path``'s suffix."""
    fmt = _format(path)
    if fmt == "liwc":
        return _liwc_text(dictionary, path)
    body = dictionary.to_dict()
    if fmt == "json":
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(
        body, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
        width=1 << 30,
    )  # fmt: skip
