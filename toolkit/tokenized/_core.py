"""The :class:`Tokens` object: an immutable, compact token stream with document metadata.

Design
------
All tokens of all documents lie end to end in one ``int32`` array of vocabulary ids; document
``i`` is ``ids[offsets[i]:offsets[i + 1]]``. The id ``-1`` is a *pad*: the place of a removed
token kept with ``padding=True`` (shown as ``""``, never counted, and no n-gram or collocation
spans it). Two optional arrays of flat positions record structure that operations must keep:
``sentence_starts`` (where a sentence begins) and ``gaps`` (where the tokenizer removed
punctuation just before the token — collocations never span one, as quanteda's never span a
punctuation token).

Every operation returns a new Tokens built by one primitive, :meth:`Tokens._take`: the output
tokens are listed with the span of input positions each comes from, and document offsets,
sentence starts and gaps are recomputed from those spans, so positions, sentence boundaries and
document ids stay right through any chain of operations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from toolkit.corpus.model import docs_mask
from toolkit.errors import ArgumentError, InputError
from toolkit.text.tokenize import TokenizeSettings

__all__ = ["PAD", "Tokens"]

#: The id of a pad (a removed token kept in place).
PAD = -1


def _frozen(array: np.ndarray | None, dtype: Any) -> np.ndarray | None:
    if array is None:
        return None
    out = np.asarray(array, dtype=dtype)
    if out.flags.writeable:
        out = out.view()
        out.flags.writeable = False
    return out


class Tokens:
    """Tokenized documents: a vocabulary, a flat id array, document offsets and docvars.

    Made by :func:`toolkit.tokenized` (``tk.tokens(corpus)`` or ``corpus.tokens()``); every method
    returns a new Tokens and leaves this one unchanged.

    Attributes
    ----------
    vocab : numpy.ndarray of str
        The token types; ``vocab[ids]`` gives the token strings (``-1`` is a pad).
    ids : numpy.ndarray of int32
        All tokens of all documents, laid end to end (read-only).
    offsets : numpy.ndarray of int64
        Document ``i`` is ``ids[offsets[i]:offsets[i + 1]]``.
    sentence_starts : numpy.ndarray of int64 or None
        Flat positions where a sentence starts (tokenized with ``sentences=True``).
    gaps : numpy.ndarray of int64 or None
        Flat positions preceded by punctuation the tokenizer removed.
    docvars : pandas.DataFrame
        Document metadata (``doc_id``, ``date``, ``year``, … without the text); a copy.
    settings : TokenizeSettings
        How the tokens were made.
    source : str or None
        Fingerprint of the corpus text the tokens were made from.

    Examples
    --------
    >>> import toolkit as tk
    >>> toks = tk.tokens(["Peace and prosperity.", "Prosperity!"])
    >>> toks[1], toks.n_tokens, len(toks)
    (['prosperity'], 4, 2)
    >>> toks.remove(["and"], padding=True)[0]
    ['peace', '', 'prosperity']
    """

    def __init__(
        self,
        vocab: np.ndarray,
        ids: np.ndarray,
        offsets: np.ndarray,
        docvars: pd.DataFrame,
        settings: TokenizeSettings | None = None,
        *,
        sentence_starts: np.ndarray | None = None,
        gaps: np.ndarray | None = None,
        source: str | None = None,
    ) -> None:
        vocab = np.asarray(vocab, dtype=str) if len(vocab) else np.array([], dtype=str)
        offsets = np.asarray(offsets, dtype=np.int64)
        ids = np.asarray(ids, dtype=np.int32)
        if not isinstance(docvars, pd.DataFrame) or "doc_id" not in docvars.columns:
            raise InputError("Tokens need a docvars DataFrame with a doc_id column")
        if len(offsets) != len(docvars) + 1 or offsets[0] != 0 or offsets[-1] != len(ids):
            raise ArgumentError(
                f"offsets must run from 0 to {len(ids)} with one entry more than the "
                f"{len(docvars)} documents"
            )
        if len(ids) and (int(ids.max()) >= len(vocab) or int(ids.min()) < PAD):
            raise ArgumentError("token ids must index the vocabulary (or be -1 for a pad)")
        self._vocab = _frozen(vocab, vocab.dtype)
        self._ids = _frozen(ids, np.int32)
        self._offsets = _frozen(offsets, np.int64)
        self._docvars = docvars.reset_index(drop=True)
        self.settings = settings or TokenizeSettings()
        self._sentence_starts = _frozen(sentence_starts, np.int64)
        self._gaps = _frozen(gaps, np.int64)
        self.source = source

    # ------------------------------------------------------------------ data
    @property
    def vocab(self) -> np.ndarray:
        return self._vocab

    @property
    def ids(self) -> np.ndarray:
        return self._ids

    @property
    def offsets(self) -> np.ndarray:
        return self._offsets

    @property
    def sentence_starts(self) -> np.ndarray | None:
        return self._sentence_starts

    @property
    def gaps(self) -> np.ndarray | None:
        return self._gaps

    @property
    def docvars(self) -> pd.DataFrame:
        return self._docvars.copy(deep=False)

    @property
    def doc_ids(self) -> list[str]:
        """Document identifiers, in order."""
        return self._docvars["doc_id"].tolist()

    @property
    def n_tokens(self) -> int:
        """Number of tokens, pads included."""
        return int(self._ids.size)

    @property
    def n_pads(self) -> int:
        """Number of pads."""
        return int(np.count_nonzero(self._ids < 0))

    @property
    def doc_lengths(self) -> np.ndarray:
        """Number of tokens per document (pads included)."""
        return np.diff(self._offsets)

    @property
    def doc_index(self) -> np.ndarray:
        """For every token, the index of its document."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.doc_lengths)

    @property
    def padded(self) -> bool:
        """Whether any token is a pad."""
        return bool((self._ids < 0).any())

    def strings(self) -> np.ndarray:
        """Every token as a string (pads as ``""``), in stream order."""
        return np.append(self._vocab, "")[self._ids]

    # ------------------------------------------------------------------ container protocol
    def __len__(self) -> int:
        return len(self._docvars)

    def __getitem__(self, i: int) -> list[str]:
        if not isinstance(i, (int, np.integer)):
            raise InputError("tokens[i] takes a document number; use .subset() for several")
        n = len(self)
        if not -n <= i < n:
            raise ArgumentError(f"document {i} out of range for {n} documents")
        i = int(i) % n
        a, b = self._offsets[i], self._offsets[i + 1]
        return np.append(self._vocab, "")[self._ids[a:b]].tolist()

    def __iter__(self) -> Iterator[list[str]]:
        return iter(self.to_lists())

    def __repr__(self) -> str:
        pads = f", {self.n_pads:,} pads" if self.padded else ""
        return (
            f"<Tokens: {len(self)} documents, {self.n_tokens:,} tokens, "
            f"{len(self._vocab):,} types{pads}>"
        )

    # ------------------------------------------------------------------ views
    def to_lists(self) -> list[list[str]]:
        """Tokens as a list of string lists, one per document (pads as ``""``)."""
        flat = self.strings().tolist()
        return [flat[a:b] for a, b in zip(self._offsets[:-1], self._offsets[1:], strict=True)]

    def to_frame(self) -> pd.DataFrame:
        """Tidy view: one row per token with ``doc_id``, ``position`` (0-based in its document),
        ``token`` (pads as ``""``) and, when sentences were kept, ``sentence`` (0-based in its
        document).

        Examples
        --------
        >>> import toolkit as tk
        >>> tk.tokens(["One two. Three."], sentences=True).to_frame().values.tolist()
        [['text1', 0, 'one', 0], ['text1', 1, 'two', 0], ['text1', 2, 'three', 1]]
        """
        idx = self.doc_index
        pos = np.arange(self.n_tokens, dtype=np.int64) - self._offsets[idx]
        frame = pd.DataFrame(
            {
                "doc_id": self._docvars["doc_id"].to_numpy()[idx],
                "position": pos,
                "token": self.strings(),
            }
        )
        if self._sentence_starts is not None:
            sent = self.sentence_ids()
            frame["sentence"] = sent - sent[self._offsets[:-1]][idx] if len(sent) else sent
        return frame

    def sentence_ids(self) -> np.ndarray:
        """For every token, a corpus-wide sentence number (documents always start one)."""
        flags = np.zeros(self.n_tokens, dtype=np.int64)
        if self._sentence_starts is not None:
            flags[self._sentence_starts] = 1
        starts = self._offsets[:-1][self.doc_lengths > 0]
        flags[starts] = 1
        return np.cumsum(flags) - 1

    # ------------------------------------------------------------------ operations
    def _take(
        self,
        start: np.ndarray,
        end: np.ndarray,
        ids: np.ndarray,
        vocab: np.ndarray,
        *,
        doc: np.ndarray | None = None,
        docvars: pd.DataFrame | None = None,
    ) -> Tokens:
        """A new Tokens whose token ``j`` is ``vocab[ids[j]]`` and stands for the input positions
        ``start[j]..end[j]`` (inclusive). ``doc`` gives each output token's document (default:
        the document of ``start``), for outputs with other documents (``docvars``). Output
        tokens must be grouped by document and in order within it."""
        start = np.asarray(start, dtype=np.int64)
        end = np.asarray(end, dtype=np.int64)
        n_docs = len(docvars) if docvars is not None else len(self)
        if doc is None:
            doc = self.doc_index[start] if len(start) else np.zeros(0, dtype=np.int64)
        doc = np.asarray(doc, dtype=np.int64)
        lengths = np.bincount(doc, minlength=n_docs) if len(doc) else np.zeros(n_docs, np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        first = np.ones(len(doc), dtype=bool)
        first[1:] = doc[1:] != doc[:-1]
        sentence_starts = gaps = None
        # sentence and gap lookups by binary search: memory of the output, never of the input
        # stream (a run of documents taken from a large corpus stays cheap)
        if self._sentence_starts is not None:
            new = first.copy()
            if len(start) > 1:
                doc_starts = self._offsets[:-1][self.doc_lengths > 0]
                marks = np.union1d(self._sentence_starts, doc_starts)  # as sentence_ids()
                new[1:] |= np.searchsorted(marks, start[1:], "right") != np.searchsorted(
                    marks, end[:-1], "right"
                )
            sentence_starts = np.flatnonzero(new)
        if self._gaps is not None:
            gap = np.zeros(len(doc), dtype=bool)
            if len(doc) > 1:  # a gap at g in end[j - 1] < g <= start[j] separates j from j - 1
                gap[1:] = np.searchsorted(self._gaps, start[1:], "right") > np.searchsorted(
                    self._gaps, end[:-1], "right"
                )
            gaps = np.flatnonzero(gap & ~first)
        return Tokens(
            vocab,
            ids,
            offsets,
            docvars if docvars is not None else self._docvars,
            self.settings,
            sentence_starts=sentence_starts,
            gaps=gaps,
            source=self.source,
        )

    def _with_docvars(self, docvars: pd.DataFrame) -> Tokens:
        """The same tokens with another docvars table (same number of rows)."""
        if len(docvars) != len(self):
            raise ArgumentError(f"docvars has {len(docvars)} rows for {len(self)} documents")
        return Tokens(
            self._vocab,
            self._ids,
            self._offsets,
            docvars,
            self.settings,
            sentence_starts=self._sentence_starts,
            gaps=self._gaps,
            source=self.source,
        )

    def subset(
        self, predicate: Callable[[pd.DataFrame], Any] | None = None, **filters: Any
    ) -> Tokens:
        """Keep the documents matching a predicate on the docvars and/or column filters, as
        :meth:`toolkit.Corpus.subset` (``year=(1917, None)``, ``party="R"``,
        ``lambda d: d.year > 2000``).

        Examples
        --------
        >>> import toolkit as tk
        >>> c = tk.Corpus.from_texts(["a b", "c", "d e f"], dates=["1900", "1950", "2000"])
        >>> tk.tokens(c).subset(year=(1940, None)).to_lists()
        [['c'], ['d', 'e', 'f']]
        """
        keep = docs_mask(self._docvars, predicate, filters)
        return self.take_docs(np.flatnonzero(keep))

    def take_docs(self, index: Sequence[int] | np.ndarray) -> Tokens:
        """The documents at ``index`` (positions), in that order."""
        index = np.asarray(index, dtype=np.int64)
        starts, lengths = self._offsets[index], self.doc_lengths[index]
        pos = _ranges(starts, lengths)
        doc = np.repeat(np.arange(len(index), dtype=np.int64), lengths)
        docvars = self._docvars.iloc[index].reset_index(drop=True)
        return self._take(pos, pos, self._ids[pos], self._vocab, doc=doc, docvars=docvars)

    # the token operations live in toolkit.tokenized.ops; these methods are their front door
    def select(self, patterns: Any, **options: Any) -> Tokens:
        """Keep tokens matching ``patterns`` (see :func:`toolkit.tokenized.ops.select`)."""
        from toolkit.tokenized import ops

        return ops.select(self, patterns, **options)

    def remove(self, patterns: Any, **options: Any) -> Tokens:
        """Drop tokens matching ``patterns`` (see :func:`toolkit.tokenized.ops.remove`)."""
        from toolkit.tokenized import ops

        return ops.remove(self, patterns, **options)

    def compound(self, phrases: Any, **options: Any) -> Tokens:
        """Join multi-word phrases into single tokens (see :func:`toolkit.tokenized.ops.compound`)."""
        from toolkit.tokenized import ops

        return ops.compound(self, phrases, **options)

    def lookup(self, dictionary: Any, **options: Any) -> Tokens:
        """Replace matches of a dictionary by their categories (see
        :func:`toolkit.tokenized.ops.lookup`)."""
        from toolkit.tokenized import ops

        return ops.lookup(self, dictionary, **options)

    def replace(self, mapping: Any, **options: Any) -> Tokens:
        """Replace tokens or phrases (see :func:`toolkit.tokenized.ops.replace`)."""
        from toolkit.tokenized import ops

        return ops.replace(self, mapping, **options)

    def ngrams(self, n: int | Sequence[int] = 2, **options: Any) -> Tokens:
        """Tokens of n-grams (see :func:`toolkit.tokenized.ops.ngrams`)."""
        from toolkit.tokenized import ops

        return ops.ngrams(self, n, **options)

    def skipgrams(
        self, n: int | Sequence[int] = 2, *, skip: Any = (0, 1), **options: Any
    ) -> Tokens:
        """Tokens of skip-grams (see :func:`toolkit.tokenized.ops.skipgrams`)."""
        from toolkit.tokenized import ops

        return ops.skipgrams(self, n, skip=skip, **options)

    def lowercase(self) -> Tokens:
        """Lower-case every token (types that become equal merge)."""
        from toolkit.tokenized import ops

        return ops.lowercase(self)

    def group(self, by: str | Sequence[str]) -> Tokens:
        """One document per group of docvars (see :func:`toolkit.tokenized.ops.group`)."""
        from toolkit.tokenized import ops

        return ops.group(self, by)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of ``range(s, s + l)`` for every start and length, vectorised."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    run = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return run + np.arange(total, dtype=np.int64)
