"""From raw token codes to :class:`Tokens`, batch by batch, in bounded memory.

Design
------
A corpus is tokenized in batches of whole documents (about ``BATCH_CHARS`` characters each).
Each batch yields *raw* codes — every token the rules find, punctuation included — into the
batch's own list of types (:func:`toolkit.text.tokenize.tokenize_units`). :class:`Stream` maps
them into one corpus-wide vocabulary and decides, **once per type**, what becomes of it:

- kept (an id into the output vocabulary, in order of first occurrence);
- a pad (``-1``: a stopword, number or short token removed with ``padding=True``);
- dropped (whitespace; punctuation with ``remove_punct``; removed tokens without padding).

Dropped *punctuation* (Unicode category P, not symbols) leaves a *gap* before the next kept
token of the document, so collocations never span it, as quanteda's never span a punctuation
token. Only the output ``int32`` ids, the gap and sentence positions and the document offsets
outlive a batch: the temporaries of one batch are freed before the next is read, so memory
beyond the text is about 4 bytes per token plus 8 per gap.
"""

from __future__ import annotations

import numpy as np

from toolkit.text.tokenize import TokenizeSettings, tokenize_units, unit_spans

__all__ = ["BATCH_CHARS", "Stream", "batches"]

#: Characters of text per batch (small enough for a progress bar and bounded temporaries,
#: large enough that the per-batch overhead does not show).
BATCH_CHARS = 4_000_000
_DROP, _PAD = -2, -1


def batches(sizes: list[int], limit: int = BATCH_CHARS) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` document ranges of about ``limit`` characters each.

    Examples
    --------
    >>> batches([5, 5, 5], limit=10)
    [(0, 2), (2, 3)]
    """
    out, start, chars = [], 0, 0
    for i, n in enumerate(sizes):
        chars += n
        if chars >= limit:
            out.append((start, i + 1))
            start, chars = i + 1, 0
    if start < len(sizes):
        out.append((start, len(sizes)))
    return out


class Stream:
    """The growing result of tokenizing a corpus batch by batch (see the module docstring)."""

    def __init__(self, settings: TokenizeSettings, threads: int = 1) -> None:
        self.settings = settings
        self.threads = threads
        self._index: dict[str, int] = {}  # raw type -> raw id
        self._out = np.zeros(0, dtype=np.int32)  # raw id -> output id, _PAD or _DROP
        self._break = np.zeros(0, dtype=bool)  # raw id -> dropped punctuation (a gap)
        self.vocab: list[str] = []
        self._ids: list[np.ndarray] = []
        self._gaps: list[np.ndarray] = []
        self._starts: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []
        self._n = 0

    # ------------------------------------------------------------------ types
    def _classify(self, types: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per type: output code (0 kept, _PAD, _DROP), whether it leaves a gap, whether kept.

        The tests of :func:`~toolkit.text.tokenize.is_punct`, ``is_punctuation`` and
        ``is_number`` as Polars expressions over all types at once (same rules)."""
        import polars as pl

        s = self.settings
        col = pl.Series("t", types, dtype=pl.String)
        frame = pl.DataFrame([col]).select(
            blank=pl.col("t").str.contains(r"^[\s\p{Cc}]*$"),
            punct=~pl.col("t").str.contains(r"[\p{L}\p{N}]"),
            punctuation=pl.col("t").str.contains(r"^\p{P}+$"),
            number=pl.col("t").str.contains(r"^\p{Sc}?[\d.,\-‐]*\d[\d.,\-‐]*%?$"),
            short=pl.col("t").str.len_chars() < s.min_length,
            stop=pl.col("t").is_in(list(s.stopwords)) if s.stopwords else pl.lit(False),
        )
        flag = {name: frame[name].to_numpy().astype(bool) for name in frame.columns}
        empty = flag["blank"]
        drop_punct = flag["punct"] & (s.what == "word") & s.remove_punct
        breaks = drop_punct & flag["punctuation"] & ~empty
        other = (flag["number"] & s.remove_numbers) | flag["short"] | flag["stop"]
        gone = empty | drop_punct
        padded = other & ~gone
        out = np.full(len(types), _DROP, dtype=np.int32)
        out[padded] = _PAD if s.padding else _DROP
        keep = ~gone & ~padded
        return np.where(keep, 0, out).astype(np.int32), breaks, keep

    def _global(self, types: list[str]) -> np.ndarray:
        """Raw ids of a batch's types, registering (and classifying) the new ones."""
        index = self._index
        lut = np.fromiter((index.get(t, -1) for t in types), dtype=np.int64, count=len(types))
        new = np.flatnonzero(lut < 0)
        if new.size:
            fresh = [types[k] for k in new.tolist()]
            out, breaks, keep = self._classify(fresh)
            first = len(self.vocab)
            kept = np.flatnonzero(keep)
            out[kept] = np.arange(first, first + kept.size, dtype=np.int32)
            self.vocab.extend(fresh[k] for k in kept.tolist())
            base = len(index)
            for k, t in enumerate(fresh):
                index[t] = base + k
            lut[new] = np.arange(base, base + new.size)
            self._out = np.concatenate([self._out, out])
            self._break = np.concatenate([self._break, breaks])
        return lut

    # ------------------------------------------------------------------ batches
    def add(self, texts: list[str], langs: list[str]) -> None:
        """Tokenize one batch of documents (texts in corpus order) and append the result."""
        s = self.settings
        spans = [unit_spans(t, lang, s.sentences) for t, lang in zip(texts, langs, strict=True)]
        units_per_doc = np.fromiter((len(sp) for sp in spans), dtype=np.int64, count=len(texts))
        unit_lang = [lang for lang, sp in zip(langs, spans, strict=True) for _ in sp]
        units = [t[a:b] for t, sp in zip(texts, spans, strict=True) for a, b in sp]
        raw, unit_sizes = self._raw(units, unit_lang)
        self._append(raw, unit_sizes, units_per_doc)

    def _raw(self, units: list[str], langs: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Raw ids of every token of the units (in unit order) and the tokens per unit."""
        kinds = sorted(set(langs))
        if len(kinds) <= 1:
            lang = kinds[0] if kinds else "en"
            codes, types, sizes = tokenize_units(units, lang, self.settings, threads=self.threads)
            lut = self._global(types)
            return (lut[codes] if len(codes) else codes.astype(np.int64)), sizes
        # mixed languages: tokenize each language's units, then put them back in order
        lang_arr = np.asarray(langs)
        sizes = np.zeros(len(units), dtype=np.int64)
        pieces: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for lang in kinds:
            where = np.flatnonzero(lang_arr == lang)
            codes, types, got = tokenize_units(
                [units[k] for k in where.tolist()], lang, self.settings, threads=self.threads
            )
            sizes[where] = got
            pieces[lang] = (self._global(types)[codes], np.concatenate([[0], np.cumsum(got)]))
        seen = dict.fromkeys(kinds, 0)
        out = []
        for lang in langs:
            ids, bounds = pieces[lang]
            k = seen[lang]
            out.append(ids[bounds[k] : bounds[k + 1]])
            seen[lang] = k + 1
        return (np.concatenate(out) if out else np.zeros(0, np.int64)), sizes

    def _append(self, raw: np.ndarray, unit_sizes: np.ndarray, units_per_doc: np.ndarray) -> None:
        n_docs = len(units_per_doc)
        doc_unit_bounds = np.concatenate([[0], np.cumsum(units_per_doc)])
        unit_bounds = np.concatenate([[0], np.cumsum(unit_sizes)])
        doc_bounds = unit_bounds[doc_unit_bounds]  # raw token bounds of each document
        out = self._out[raw] if raw.size else np.zeros(0, dtype=np.int32)
        keep = out != _DROP
        ids = out[keep]
        kept_before = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])
        counts = np.diff(kept_before[doc_bounds])
        first = np.zeros(len(ids), dtype=bool)  # first kept token of each document
        first[kept_before[doc_bounds[:-1]][counts > 0]] = True
        if self.settings.remove_punct and raw.size:
            removed = np.cumsum(self._break[raw], dtype=np.int64)[keep]
            before = np.concatenate([[0], removed[:-1]])
            self._gaps.append(np.flatnonzero((removed > before) & ~first) + self._n)
        if self.settings.sentences:
            unit_start = kept_before[unit_bounds[:-1]]
            unit_count = np.diff(kept_before[unit_bounds])
            self._starts.append(np.unique(unit_start[unit_count > 0]) + self._n)
        del out, keep, kept_before, first
        self._ids.append(ids.astype(np.int32, copy=False))
        self._counts.append(counts.astype(np.int64))
        self._n += len(ids)
        assert len(counts) == n_docs

    # ------------------------------------------------------------------ result
    def result(self) -> dict:
        """The arrays of the finished stream: ``vocab``, ``ids``, ``offsets``, ``gaps`` and
        ``sentence_starts`` (None when not recorded)."""
        counts = np.concatenate(self._counts) if self._counts else np.zeros(0, np.int64)
        ids = np.concatenate(self._ids) if self._ids else np.zeros(0, np.int32)
        gaps = np.concatenate(self._gaps).astype(np.int64) if self._gaps else None
        if gaps is None and self.settings.remove_punct:
            gaps = np.zeros(0, np.int64)
        starts = None
        if self.settings.sentences:
            starts = np.concatenate(self._starts).astype(np.int64) if self._starts else None
        return {
            "vocab": self.vocab,
            "ids": ids,
            "offsets": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            "gaps": gaps,
            "sentence_starts": starts,
        }
