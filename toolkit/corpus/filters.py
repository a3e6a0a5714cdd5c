"""Safe filter expressions over document metadata: ``year>=1917``, ``party=="Republican"``.

The expression is parsed with :mod:`ast` and walked with a strict whitelist of node types —
comparisons, ``and``/``or``/``not`` (or ``&``/``|``/``~``), column names, literals and lists of
literals. Nothing is ever evaluated by Python: no calls, attributes, subscripts or arithmetic.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from toolkit.errors import FilterError, suggest

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.corpus.model import Corpus

__all__ = ["Filter", "FilterError", "filter_corpus", "filter_mask", "parse_filter"]

MAX_LENGTH = 1000
#: Deepest nesting of a filter expression (operators, parentheses), far beyond hand-written use.
MAX_DEPTH = 100

_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_SYMBOL = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_WORDS = {"true": True, "false": False, "none": None, "null": None}


@dataclass(frozen=True)
class Filter:
    """A parsed, validated filter expression; call it on a docs DataFrame to get a mask.

    Attributes
    ----------
    expression : str
        The text as given.
    columns : tuple of str
        Column names the expression refers to, in order of appearance.

    Examples
    --------
    >>> f = parse_filter("year>=1917 and party!='Whig'")
    >>> f.columns
    ('year', 'party')
    >>> docs = pd.DataFrame({"year": [1850, 1917, 1990], "party": ["Whig", "Democratic", "Whig"]})
    >>> f(docs).tolist()
    [False, True, False]
    """

    expression: str
    tree: ast.expr
    columns: tuple[str, ...]

    def __call__(self, docs: pd.DataFrame) -> pd.Series:
        missing = [c for c in self.columns if c not in docs.columns]
        if missing:
            raise FilterError(
                f"unknown column {missing[0]!r}{suggest(missing[0], list(map(str, docs.columns)))}"
                f" in filter {self.expression!r}; "
                f"columns: {', '.join(map(str, docs.columns))}"
            )
        result = _Evaluator(self.expression, docs).mask(self.tree)
        return pd.Series(np.asarray(result, dtype=bool), index=docs.index, name=None)


def parse_filter(expression: str) -> Filter:
    """Parse a filter expression without evaluating anything.

    Allowed: column names; string, number, ``True``/``False``/``None`` literals; lists, tuples
    or sets of literals; comparisons ``== != < <= > >=`` (chains like ``1900 <= year < 1950``
    too); ``in`` / ``not in``; ``and`` / ``or`` / ``not`` and ``&`` / ``|`` / ``~``;
    parentheses. ``=`` is accepted as ``==`` for convenience.

    Parameters
    ----------
    expression : str
        E.g. ``"year>=1917"``, ``'party=="Republican"'``,
        ``"president in ['Lincoln', 'Grant']"``.

    Returns
    -------
    Filter

    Raises
    ------
    FilterError
        Syntax errors and anything outside the whitelist, with a message naming the problem.

    Examples
    --------
    >>> parse_filter("president in ['Lincoln', 'Grant']").columns
    ('president',)
    >>> try:
    ...     parse_filter("__import__('os')")
    ... except FilterError as e:
    ...     print(e)
    not allowed in a filter: a function call in "__import__('os')"
    """
    if not isinstance(expression, str):
        raise FilterError(f"a filter must be a string, not {type(expression).__name__}")
    text = expression.strip()
    if not text:
        raise FilterError("empty filter expression")
    if len(text) > MAX_LENGTH:
        raise FilterError(f"filter expression longer than {MAX_LENGTH} characters")
    source = _single_equals(text)
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as e:
        where = f" at character {e.offset}" if e.offset else ""
        raise FilterError(f"bad filter expression {expression!r}: invalid syntax{where}") from None
    except (RecursionError, MemoryError):  # pragma: no cover - the parser's own nesting limit
        raise FilterError(f"filter expression nested deeper than {MAX_DEPTH} levels") from None
    if _depth(tree) > MAX_DEPTH:
        raise FilterError(f"filter expression nested deeper than {MAX_DEPTH} levels")
    columns: list[str] = []
    _check(tree, expression, columns, boolean=True)
    return Filter(expression, tree, tuple(dict.fromkeys(columns)))


def filter_mask(docs: pd.DataFrame, expression: str | Filter) -> pd.Series:
    """Boolean mask over ``docs`` for a filter expression (missing values never match).

    Examples
    --------
    >>> docs = pd.DataFrame({"year": [1900, 1917, None]}).astype({"year": "Int64"})
    >>> filter_mask(docs, "year >= 1917").tolist()
    [False, True, False]
    """
    f = expression if isinstance(expression, Filter) else parse_filter(expression)
    return f(docs)


def filter_corpus(corpus: Corpus, expression: str | Filter, *, allow_empty: bool = False) -> Corpus:
    """Keep the documents of a corpus that match a filter expression.

    Parameters
    ----------
    corpus : Corpus
    expression : str or Filter
    allow_empty : bool
        Return an empty corpus instead of raising when nothing matches.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> from toolkit.corpus.model import Corpus
    >>> c = Corpus.from_texts(["a", "b"], dates=["1900", "1950"], party=["Whig", "Democratic"])
    >>> filter_corpus(c, "year>=1917").docs["party"].tolist()
    ['Democratic']
    """
    f = expression if isinstance(expression, Filter) else parse_filter(expression)
    mask = f(corpus.docs)
    if not allow_empty and not mask.any():
        raise FilterError(f"filter {f.expression!r} matches none of the {len(corpus)} documents")
    return corpus.subset(lambda d: mask.to_numpy())


# ---------------------------------------------------------------------------------- parsing
def _single_equals(text: str) -> str:
    """Turn a lone ``=`` (outside quotes) into ``==`` so ``party=Republican``-style typing works."""
    out, quote, i = [], None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and i + 1 < len(text):
                out.append(text[i : i + 2])
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "=":
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if prev not in "=!<>" and nxt != "=":
                out.append("==")
                i += 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _depth(tree: ast.AST) -> int:
    """Nesting depth of a syntax tree, found without recursion (so any depth is safe)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if level <= MAX_DEPTH:  # no need to look further down once over the limit
            stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _describe(node: ast.AST) -> str:
    names = {
        ast.Call: "a function call",
        ast.Attribute: "attribute access",
        ast.Subscript: "indexing",
        ast.BinOp: "an operator other than & and |",
        ast.Lambda: "a lambda",
        ast.IfExp: "a conditional expression",
        ast.NamedExpr: "an assignment",
        ast.Dict: "a dict",
        ast.JoinedStr: "an f-string",
    }
    for kind, label in names.items():
        if isinstance(node, kind):
            return label
    return type(node).__name__


def _segment(expression: str, node: ast.AST) -> str:
    try:
        seg = ast.get_source_segment(_single_equals(expression.strip()), node)
    except Exception:  # pragma: no cover - positions missing
        seg = None
    return f" {seg!r}" if seg else ""


def _fail(expression: str, node: ast.AST, why: str | None = None) -> FilterError:
    what = why or f"not allowed in a filter: {_describe(node)}"
    seg = _segment(expression, node)
    if seg.strip() == repr(expression.strip()):
        return FilterError(f"{what} in {expression!r}")
    return FilterError(f"{what}{seg} (in {expression!r})")


def _is_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, int, float, bool)) or node.value is None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant) and type(node.operand.value) in (int, float)
    return False


def _check(node: ast.AST, expr: str, columns: list[str], *, boolean: bool) -> None:
    """Validate the tree; ``boolean`` marks positions that must produce a mask."""
    if isinstance(node, ast.BoolOp):
        for v in node.values:
            _check(v, expr, columns, boolean=True)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.Invert)):
        _check(node.operand, expr, columns, boolean=True)
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
        _check(node.left, expr, columns, boolean=True)
        _check(node.right, expr, columns, boolean=True)
        return
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, (ast.In, ast.NotIn)):
                if not isinstance(right, (ast.List, ast.Tuple, ast.Set)):
                    raise _fail(expr, right, "'in' needs a list of values such as ['a', 'b']")
            elif type(op) not in _COMPARE:
                raise _fail(expr, node, f"comparison {type(op).__name__} not allowed")
        for operand in operands:
            _check(operand, expr, columns, boolean=False)
        if not any(isinstance(o, ast.Name) and o.id.lower() not in _WORDS for o in operands):
            raise _fail(expr, node, "a comparison must involve a column name")
        return
    if boolean:
        if isinstance(node, ast.Name) and node.id.lower() not in _WORDS:
            columns.append(node.id)  # a boolean column used on its own
            return
        if _is_literal(node) or isinstance(node, (ast.Name, ast.List, ast.Tuple, ast.Set)):
            raise _fail(expr, node, "expected a comparison such as year>=1917")
        raise _fail(expr, node)
    if isinstance(node, ast.Name):
        if node.id.lower() not in _WORDS:
            columns.append(node.id)
        return
    if _is_literal(node):
        return
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for elt in node.elts:
            if not _is_literal(elt) and not (
                isinstance(elt, ast.Name) and elt.id.lower() in _WORDS
            ):
                raise _fail(expr, elt, "lists may only hold literal values")
        return
    raise _fail(expr, node)


# ---------------------------------------------------------------------------------- evaluation
class _Evaluator:
    def __init__(self, expression: str, docs: pd.DataFrame) -> None:
        self.expression = expression
        self.docs = docs

    def mask(self, node: ast.AST) -> np.ndarray:
        if isinstance(node, ast.BoolOp):
            parts = [self.mask(v) for v in node.values]
            combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            out = parts[0]
            for p in parts[1:]:
                out = combine(out, p)
            return out
        if isinstance(node, ast.UnaryOp):
            return ~self.mask(node.operand)
        if isinstance(node, ast.BinOp):
            combine = np.logical_and if isinstance(node.op, ast.BitAnd) else np.logical_or
            return combine(self.mask(node.left), self.mask(node.right))
        if isinstance(node, ast.Name):
            col = self.docs[node.id]
            if not (pd.api.types.is_bool_dtype(col) or col.dropna().isin([True, False]).all()):
                raise FilterError(
                    f"column {node.id!r} is not true/false; compare it, e.g. {node.id}=='value' "
                    f"(in {self.expression!r})"
                )
            return col.fillna(False).astype(bool).to_numpy()
        assert isinstance(node, ast.Compare)
        out = np.ones(len(self.docs), dtype=bool)
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            out &= self._compare(left, op, right)
            left = right
        return out

    def _value(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Name):
            key = node.id.lower()
            return self.docs[node.id] if key not in _WORDS else _WORDS[key]
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.UnaryOp):
            v = node.operand.value  # type: ignore[attr-defined]
            return -v if isinstance(node.op, ast.USub) else v
        return [self._value(e) for e in node.elts]  # type: ignore[attr-defined]

    def _compare(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> np.ndarray:
        a, b = self._value(left), self._value(right)
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(a, pd.Series):
                raise FilterError(
                    f"the left side of 'in' must be a column (in {self.expression!r})"
                )
            m = a.isin(b).to_numpy(dtype=bool)
            return ~m if isinstance(op, ast.NotIn) else m
        series = a if isinstance(a, pd.Series) else b
        other = b if series is a else a
        if other is None:
            m = series.isna() if isinstance(op, ast.Eq) else series.notna()
            if not isinstance(op, (ast.Eq, ast.NotEq)):
                raise FilterError(f"only == and != work with None (in {self.expression!r})")
            return m.to_numpy(dtype=bool)
        try:
            result = _COMPARE[type(op)](a, b)
        except (TypeError, ValueError) as e:
            name = series.name
            raise FilterError(
                f"cannot compare column {name!r} ({series.dtype}) with {other!r} using "
                f"{_SYMBOL[type(op)]} (in {self.expression!r}): {e}"
            ) from None
        result = pd.Series(result, index=self.docs.index)
        return result.fillna(False).astype(bool).to_numpy()
