"""``tk.dispersion``: where terms occur (positions) and how evenly (Juilland's D, Gries' DP)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.model import group_codes
from toolkit.counts._input import as_tokens
from toolkit.errors import ArgumentError
from toolkit.tokenized.patterns import find_spans, parse_patterns

__all__ = ["Dispersion", "dispersion", "dispersion_measures"]


@dataclass
class Dispersion:
    """Result of :func:`dispersion`.

    Attributes
    ----------
    positions : pandas.DataFrame
        One row per occurrence: ``doc_id``, ``date``, ``year``, ``feature``, ``position`` (token
        index of the term's first token in its document) and ``relative_position``
        (``position`` divided by the document's length in tokens, in [0, 1)).
    measures : pandas.DataFrame
        One row per term: ``feature``, ``count``, ``doc_freq`` (documents containing it),
        ``juilland_d``, ``gries_dp`` and ``gries_dp_norm`` over the corpus parts.
    parts : str
        What the corpus parts were (``"document"`` or the ``by=`` column(s)).
    """

    positions: pd.DataFrame
    measures: pd.DataFrame
    parts: str = "document"

    def __repr__(self) -> str:
        return (
            f"<Dispersion of {len(self.measures)} term(s) over {self.parts} parts: "
            f"{len(self.positions)} occurrences>"
        )


def dispersion_measures(freq: np.ndarray, sizes: np.ndarray) -> dict[str, np.ndarray]:
    """Juilland's D and Gries' DP of terms over corpus parts.

    Parameters
    ----------
    freq : array of shape (terms, parts)
        How often each term occurs in each part.
    sizes : array of shape (parts,)
        Part sizes in tokens.

    Returns
    -------
    dict
        ``juilland_d``: ``1 - CV / sqrt(k - 1)`` where CV is the coefficient of variation
        (population standard deviation over mean) of the term's relative frequencies
        ``freq / size`` across the ``k`` parts — the form that allows parts of different sizes
        (Juilland & Chang-Rodríguez 1964; Gries 2008). 1 = perfectly even.
        ``gries_dp``: ``0.5 · Σ |v_i - s_i|`` with ``v_i`` the share of the term's occurrences
        and ``s_i`` the share of the corpus in part ``i`` (Gries 2008); 0 = distributed like the
        corpus, close to 1 = concentrated. ``gries_dp_norm``: ``DP / (1 - min s_i)``
        (Lijffijt & Gries 2012). Terms that never occur get NaN.

    Examples
    --------
    Gries (2008): five parts of 9, 10, 10, 10 and 11 words, the term occurring 1, 2, 3, 4, 5
    times:

    >>> m = dispersion_measures(np.array([[1, 2, 3, 4, 5]]), np.array([9, 10, 10, 10, 11]))
    >>> round(float(m["gries_dp"][0]), 6)
    0.18
    """
    freq = np.atleast_2d(np.asarray(freq, dtype=np.float64))
    sizes = np.asarray(sizes, dtype=np.float64)
    if freq.shape[1] != len(sizes):
        raise ArgumentError(f"freq has {freq.shape[1]} parts but sizes has {len(sizes)}")
    if len(sizes) < 2:
        raise ArgumentError("dispersion needs at least two corpus parts")
    if np.any(sizes <= 0):
        raise ArgumentError("every corpus part needs at least one token")
    k = len(sizes)
    total = freq.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = freq / sizes
        mean = rel.mean(axis=1)
        cv = rel.std(axis=1) / mean  # population standard deviation (ddof=0)
        juilland = 1 - cv / np.sqrt(k - 1)
        s = sizes / sizes.sum()
        v = freq / total[:, None]
        dp = 0.5 * np.abs(v - s).sum(axis=1)
        dp_norm = dp / (1 - s.min())
    none = total == 0
    for arr in (juilland, dp, dp_norm):
        arr[none] = np.nan
    return {"juilland_d": juilland, "gries_dp": dp, "gries_dp_norm": dp_norm}


def dispersion(
    data: Any,
    terms: str | Sequence[str],
    *,
    by: str | Sequence[str] | None = None,
    case_sensitive: bool = False,
    **token_options: Any,
) -> Dispersion:
    """Positions of terms in every document and how evenly they are spread over the corpus.

    Parameters
    ----------
    data : Corpus, Tokens or list of str
        The texts (a Corpus is tokenized through its cache).
    terms : str or list of str
        Words, globs or phrases, matched on the tokens as every pattern in the toolkit
        (:mod:`toolkit.tokenized.patterns`): ``"New Deal"`` is the token sequence
        ``new deal``, and ``"改革开放"`` is found however the segmenter split it.
    by : str or list of str, optional
        Corpus parts for D and DP: the documents (default) or groups of docvars, e.g.
        ``"decade"`` (derived from ``year``) or ``"president"``; part sizes are token counts.
    case_sensitive : bool
        Match case exactly.
    **token_options
        Options of :func:`toolkit.tokenized`.

    Returns
    -------
    Dispersion
        ``.positions`` (``doc_id``, ``date``, ``year``, ``feature``, ``position``,
        ``relative_position``) and ``.measures`` (``feature``, ``count``, ``doc_freq``,
        ``juilland_d``, ``gries_dp``, ``gries_dp_norm``); see :func:`dispersion_measures`.

    Examples
    --------
    >>> import toolkit as tk
    >>> c = tk.Corpus.from_texts(["peace and war", "war war", "peace now"], dates=[1901, 1902, 1903])
    >>> d = tk.dispersion(c, ["war", "peace"])
    >>> d.measures[["feature", "count", "doc_freq"]].values.tolist()
    [['war', 3, 2], ['peace', 2, 2]]
    >>> d.positions[["doc_id", "feature", "position"]].values.tolist()[:2]
    [['doc1', 'war', 2], ['doc2', 'war', 0]]
    """
    terms = [terms] if isinstance(terms, str) else list(terms)
    if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        raise ArgumentError("terms must be a non-empty string or list of non-empty strings")
    tokens = as_tokens(data, function="dispersion", **token_options)
    docvars = tokens.docvars
    doc_idx = tokens.doc_index
    lengths = tokens.doc_lengths - np.bincount(doc_idx[tokens.ids < 0], minlength=len(tokens))
    if by is None:
        part_codes = np.arange(len(tokens), dtype=np.int64)
    else:
        part_codes, _ = group_codes(docvars, by)
    n_parts = int(part_codes.max()) + 1 if len(part_codes) else 0
    sizes = np.bincount(part_codes, weights=lengths, minlength=n_parts)
    spans = find_spans(tokens, parse_patterns(terms), case_sensitive=case_sensitive)
    date = docvars["date"] if "date" in docvars else pd.Series(pd.NaT, index=docvars.index)
    year = docvars["year"] if "year" in docvars else pd.Series(pd.NA, index=docvars.index)
    pos_frames, freq, ndocs = [], np.zeros((len(terms), n_parts)), []
    for t, term in enumerate(terms):
        hits = spans.start[spans.pattern == t]
        d = doc_idx[hits]
        pos = hits - tokens.offsets[d]
        freq[t] = np.bincount(part_codes[d], minlength=n_parts)
        ndocs.append(len(np.unique(d)))
        pos_frames.append(
            pd.DataFrame(
                {
                    "doc_id": docvars["doc_id"].to_numpy()[d],
                    "date": pd.to_datetime(date.array.take(d)).astype("datetime64[ns]"),
                    "year": pd.array(year.array.take(d), dtype="Int64"),
                    "feature": term,
                    "position": pos.astype(np.int64),
                    "relative_position": pos / np.maximum(lengths[d], 1),
                }
            )
        )
    m = dispersion_measures(freq, sizes)
    measures = pd.DataFrame(
        {
            "feature": terms,
            "count": freq.sum(axis=1).astype(np.int64),
            "doc_freq": np.asarray(ndocs, dtype=np.int64),
            **m,
        }
    )
    positions = pd.concat(pos_frames, ignore_index=True)
    label = "document" if by is None else by if isinstance(by, str) else "/".join(by)
    return Dispersion(positions, measures, label)
