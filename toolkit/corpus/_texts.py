"""How a document's counted ``text`` is made from what was read — one rule for every reader,
registry card and DataFrame:

1. annotations (a card's ``[[annotations]]`` rules: transcript notes, speaker tags,
   boilerplate) are set apart from the raw text, unless they are kept
   (:mod:`toolkit.text.annotations`);
2. the rest is normalised (:func:`toolkit.text.normalize.normalize`);
3. the title, normalised the same way, becomes the first paragraph — a headline is text —
   unless the text already begins with it (``include_title=False`` leaves it out).

``docs["original"]`` always keeps the raw text as read, and ``docs["title"]`` the title.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from toolkit._progress import progress_bar
from toolkit.text.annotations import Rule, find_annotations, remove_spans
from toolkit.text.normalize import NormalizeSettings, normalize

__all__ = ["ANNOTATION_COLUMNS", "annotation_report", "annotation_table", "document_texts"]

#: Columns of ``Corpus.annotations``.
ANNOTATION_COLUMNS = ["doc_id", "original_start", "original_end", "kind", "text"]

Found = list[tuple[int, int, str, str]]


def with_title(text: str, title: str) -> str:
    """The title as the first paragraph, unless the text already starts with it.

    Examples
    --------
    >>> with_title("Body.", "Headline")
    'Headline\\n\\nBody.'
    >>> with_title("Headline\\n\\nBody.", "Headline")
    'Headline\\n\\nBody.'
    >>> with_title("Body.", "")
    'Body.'
    """
    title = " ".join(title.split())
    if not title or text.lstrip().startswith(title):
        return text
    return f"{title}\n\n{text}" if text else title


def document_texts(
    raw: Sequence[str],
    *,
    titles: Sequence[str] | None = None,
    normalize_text: bool | NormalizeSettings = True,
    include_title: bool = True,
    rules: Sequence[Rule] = (),
    keep_annotations: bool = False,
) -> tuple[list[str], list[Found]]:
    """The counted texts of documents and the annotations found in each raw text.

    Returns ``(texts, found)``; ``found[i]`` lists ``(start, end, kind, text)`` of document
    ``i``, offsets into its raw text.

    Examples
    --------
    >>> from toolkit.text.annotations import compile_rules
    >>> rules = compile_rules([{"kind": "stage", "pattern": r"\\[Applause\\]"}])
    >>> texts, found = document_texts(["Thank you. [Applause]"], titles=["Address"], rules=rules)
    >>> texts, found
    (['Address\\n\\nThank you.'], [[(11, 21, 'stage', '[Applause]')]])
    """
    settings = normalize_text if isinstance(normalize_text, NormalizeSettings) else None
    texts: list[str] = []
    found: list[Found] = []
    for i, r in enumerate(progress_bar(raw, desc="normalising", unit="doc", total=len(raw))):
        spans = find_annotations(r, list(rules)) if rules else []
        found.append([(a, b, kind, r[a:b]) for a, b, kind in spans])
        body = r if keep_annotations or not spans else remove_spans(r, spans)
        if normalize_text:
            body = normalize(body, settings=settings)
        if include_title and titles is not None:
            title = titles[i]
            if isinstance(title, str) and title.strip():
                t = normalize(title, settings=settings) if normalize_text else title
                body = with_title(body, t)
        texts.append(body)
    return texts, found


def annotation_table(doc_ids: Sequence[str], found: Sequence[Found]) -> pd.DataFrame:
    """``Corpus.annotations``: one row per annotation (``doc_id``, ``original_start``,
    ``original_end`` — offsets into ``docs["original"]`` — ``kind`` and ``text``)."""
    rows = [
        (d, a, b, kind, text)
        for d, spans in zip(doc_ids, found, strict=True)
        for a, b, kind, text in spans
    ]
    out = pd.DataFrame(rows, columns=ANNOTATION_COLUMNS)
    return out.astype(
        {
            "doc_id": str,
            "original_start": "int64",
            "original_end": "int64",
            "kind": str,
            "text": str,
        }
    )


def annotation_report(table: pd.DataFrame, where: str, kept: bool) -> pd.DataFrame:
    """Load-report rows (``path``, ``reason``, ``detail``): the annotations of each kind."""
    rows = []
    for kind, group in table.groupby("kind", sort=True):
        fate = "kept in text" if kept else "set apart from text into corpus.annotations"
        rows.append(
            (where, f"annotations: {kind}", f"{len(group)} in {group['doc_id'].nunique()} "
             f"documents, {int((group['original_end'] - group['original_start']).sum())} characters, {fate}")
        )  # fmt: skip
    return pd.DataFrame(rows, columns=["path", "reason", "detail"])
