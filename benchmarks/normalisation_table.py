"""What normalisation changes in a registry corpus, character by character, per kind.

    python benchmarks/normalisation_table.py gwr-zh

prints a Markdown table (the one in the README's "Normalisation" section). Counted on the raw
texts (``docs["original"]``) after the card's annotations are set apart, in the order the steps
run.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter

import toolkit as tk
from toolkit.corpus._texts import document_texts
from toolkit.text.annotations import compile_rules
from toolkit.text.normalize import (
    _CJK_BREAK,
    _INVISIBLE,
    _SPACED_DIGITS,
    CJK_PUNCTUATION,
    nfkc,
    normalize_quotes,
    to_simplified,
    unify_line_breaks,
)


def _kind(ch: str) -> str:
    if ch in CJK_PUNCTUATION:
        return "kept" if unicodedata.normalize("NFKC", ch) != ch else "unchanged"
    if unicodedata.normalize("NFKC", ch) == ch:
        return "unchanged"
    if ch.isalnum() and "\uff10" <= ch <= "\uff5a":
        return "alnum"
    if "\uff01" <= ch <= "\uff5e":
        return "full-width other"
    return "ideographic space" if ch == "\u3000" else "compatibility"


def table(name: str) -> list[tuple[str, int]]:
    corpus = tk.load_corpus(name, keep_annotations=True)
    card = corpus.info
    rules = compile_rules(card.get("annotations", []))
    raws = corpus.docs["original"].tolist()
    stripped, found = document_texts(raws, normalize_text=False, rules=rules)
    rows = [
        (
            "annotations set apart (boilerplate, footnotes)",
            sum(b - a for f in found for a, b, *_ in f),
        )
    ]
    kinds = Counter()
    for ch, n in Counter("".join(stripped)).items():
        kinds[_kind(ch)] += n
    rows += [
        ("full-width letters and digits → ASCII (１９５４ → 1954)", kinds["alnum"]),
        ("full-width ．％－／ and symbols → ASCII (３．５％ → 3.5%)", kinds["full-width other"]),
        ("ideographic spaces → spaces", kinds["ideographic space"]),
        ("other compatibility characters (NFKC: ①, ﬁ, …)", kinds["compatibility"]),
        (
            "Chinese punctuation kept as written (，：；（）！？…, which NFKC would make ASCII)",
            kinds["kept"],
        ),
    ]
    texts = [nfkc(t) for t in stripped]
    rows.append(("invisible characters removed", sum(len(_INVISIBLE.findall(t)) for t in texts)))
    texts = [_INVISIBLE.sub("", t) for t in texts]
    settings = tk.NormalizeSettings.from_mapping(card.get("normalize"))
    if settings.simplified:
        simple = [to_simplified(t) for t in texts]
        rows.append((
            "traditional → simplified characters",
            sum(sum(a != b for a, b in zip(x, y, strict=False)) for x, y in zip(texts, simple, strict=True)),
        ))  # fmt: skip
        texts = simple
    texts = [unify_line_breaks(t) for t in texts]
    spaced = sum(
        sum(len(re.findall(r"\s", m.group(0))) for m in _SPACED_DIGITS.finditer(t)) for t in texts
    )
    rows.append(("spaces inside spaced digits removed (1 9 9 3 年 → 1993年)", spaced))
    breaks = sum(sum(len(m.group(0)) for m in _CJK_BREAK.finditer(t)) for t in texts)
    rows.append(("line breaks and spaces between Chinese characters removed", breaks))
    quotes = sum(sum(a != b for a, b in zip(t, normalize_quotes(t), strict=False)) for t in texts)
    rows.append(("quotation marks and apostrophes made uniform", quotes))
    return rows


def main(argv: list[str]) -> None:
    name = argv[1] if len(argv) > 1 else "gwr-zh"
    rows = table(name)
    print(f"| what normalisation does in {name} | characters |")
    print("|---|---:|")
    for label, n in rows:
        print(f"| {label} | {n:,} |")


if __name__ == "__main__":
    main(sys.argv)
