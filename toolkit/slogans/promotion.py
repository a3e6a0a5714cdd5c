"""Turning discovered candidates into lexicon entries (:func:`promote`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from toolkit.errors import ArgumentError, UnknownNameError
from toolkit.slogans._views import is_chinese
from toolkit.slogans.lexicon import Entry, Lexicon, with_entry

__all__ = ["promote"]


def _owner(lexicon: Lexicon | None, form: str) -> str | None:
    """The id of the entry that already has ``form`` (case-insensitive), if any."""
    if lexicon is None:
        return None
    key = form.casefold()
    return next((e.id for e in lexicon if key in {f.casefold() for f in e.forms}), None)


def _slug(text: str) -> str:
    if is_chinese(text):
        return re.sub(r"\s+", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "candidate"


def promote(
    candidates: pd.DataFrame | pd.Series | str | Sequence[str],
    lexicon: Lexicon | None = None,
    *,
    id: str | None = None,
    en: str | Sequence[str] | None = None,
    zh: str | None = None,
    category: str = "",
    since: int | None = None,
    source: str | None = None,
    name: str = "user",
) -> Lexicon:
    """Turn discovered candidates into lexicon entries, in one call.

    Parameters
    ----------
    candidates : DataFrame, row (Series), str or list of str
        Rows of :func:`~toolkit.slogans.discover_slogans` output (every row becomes an entry;
        the form is the ``feature`` column) or plain forms.
    lexicon : Lexicon, optional
        Add to this lexicon (a new one when None). A candidate that is already a form of an
        entry, or whose id exists, adds its other forms to that entry as variants.
    id, en, zh, category, since, source : optional
        Entry fields. ``id``, ``en`` and ``zh`` only for a single candidate; by default the id
        is the Chinese form itself or a slug of the English one, ``since`` the first year
        seen, ``source`` a note naming the first document.
    name : str
        Name of a new lexicon.

    Returns
    -------
    Lexicon

    Examples
    --------
    >>> lex = promote("两个确立", en="Two Establishments", category="ideology")
    >>> lex["两个确立"].en, lex["两个确立"].category
    (('Two Establishments',), 'ideology')
    >>> promote(["four comprehensives", "two upholds"], lex).ids
    ['两个确立', 'four-comprehensives', 'two-upholds']
    """
    if isinstance(candidates, pd.DataFrame):
        rows = candidates.to_dict("records")
    elif isinstance(candidates, pd.Series):
        rows = [candidates.to_dict()]
    elif isinstance(candidates, str):
        rows = [{"feature": candidates}]
    else:
        rows = [{"feature": c} for c in candidates]
    if len(rows) != 1 and (id or en or zh):
        raise ArgumentError("id, en and zh can only be given when promoting a single candidate")
    if any("feature" not in r for r in rows):
        raise UnknownNameError(
            "promote() needs rows with a 'feature' column (discover_slogans output)"
        )
    extra_en = (en,) if isinstance(en, str) else tuple(en or ())
    for row in rows:
        cand = str(row["feature"]).strip()
        chinese = is_chinese(cand)
        year = since if since is not None else row.get("first_year")
        note = source
        if note is None and row.get("kind"):
            note = f"discover_slogans ({row['kind']}), first seen in {row.get('first_doc')}"
        owner = _owner(lexicon, cand)
        if owner and id and id != owner:
            raise ArgumentError(f"{cand!r} is already a form of entry {owner!r}, not of {id!r}")
        entry = Entry(
            id=owner or id or _slug(cand),
            zh=zh or (cand if chinese else ""),
            en=extra_en if chinese else (cand, *extra_en),
            category=category,
            since=None if year is None or pd.isna(year) else int(year),
            source=note or "",
        )
        lexicon = with_entry(lexicon, entry, name=name)
    assert lexicon is not None
    return lexicon
