"""Property tests (hypothesis) for tokenization and counting over arbitrary text: no empty
tokens, tokens are pieces of the normalised text in order, and counts equal a plain Counter
over the token lists (matching: tests/test_words.py; readers: tests/test_readers_properties.py;
normalisation: tests/test_normalize.py)."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit as tk

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# text people write: words, Chinese, digits, punctuation, separators, controls
MIXED = st.lists(
    st.sampled_from(
        ["the", "U.S.", "3.5", "1,000", "$2", "don't", "well-being", "改革", "开放", "的", "１９",
         " ", "\n\n", "\u2028", "\x00", "\x0c", "，", "。", ".", "!", "“", "”", "'", "-", "㐀",
         "𠀀", "é", "\u200b", "a", "Z"]
    ),
    max_size=20,
).map("".join)  # fmt: skip
TEXTS = st.lists(st.one_of(ANY, MIXED), min_size=1, max_size=4)


@SETTINGS
@given(TEXTS, st.booleans())
def test_no_empty_tokens_and_tokens_are_pieces_of_the_text_in_order(texts, remove_punct):
    c = tk.Corpus.from_texts(texts)
    toks = tk.tokens(c, lowercase=False, remove_punct=remove_punct)
    assert "" not in set(toks.vocab.tolist())
    for text, doc in zip(c.texts, toks.to_lists(), strict=True):
        at = 0
        for token in doc:
            found = text.find(token, at)
            assert found >= 0, (text, doc, token)
            at = found + len(token)


@SETTINGS
@given(TEXTS)
def test_counts_equal_a_counter_over_the_token_lists(texts):
    toks = tk.tokens(texts, remove_punct=False)  # no removed tokens: no gaps to respect
    lists = toks.to_lists()
    unigrams = Counter(t for doc in lists for t in doc)
    bigrams = Counter(f"{a} {b}" for doc in lists for a, b in zip(doc, doc[1:], strict=False))
    got = tk.ngrams(toks, n=(1, 2))
    for n, want in ((1, unigrams), (2, bigrams)):
        table = got[got["n"] == n]
        assert dict(zip(table["feature"], table["count"], strict=True)) == dict(want)
    docs_with = Counter(t for doc in lists for t in set(doc))
    one = got[got["n"] == 1]
    assert dict(zip(one["feature"], one["doc_freq"], strict=True)) == dict(docs_with)
    m = tk.dfm(toks)
    assert int(m.matrix.sum()) == toks.n_tokens == sum(unigrams.values())


@SETTINGS
@given(TEXTS)
def test_tokenizing_twice_and_in_pieces_gives_the_same_tokens(texts):
    whole = tk.tokens(texts).to_lists()
    assert tk.tokens(texts).to_lists() == whole
    assert [tk.tokens([t]).to_lists()[0] for t in texts] == whole
