"""A :class:`~toolkit.tokenized.dictionary.Dictionary` as a lexicon of formulations.

The other direction is :meth:`Dictionary.from_lexicon` (the tokens layer reads any lexicon-like
object, so it never imports this package). A dictionary keeps forms only: an entry's ``since``,
``source``, ``exclude`` and ``note`` do not travel through it.
"""

from __future__ import annotations

from toolkit.errors import InputError, LexiconError
from toolkit.slogans.lexicon import Lexicon
from toolkit.slogans.matching import is_chinese
from toolkit.tokenized.dictionary import SEPARATOR, Dictionary

__all__ = ["lexicon_from_dictionary"]


def lexicon_from_dictionary(dictionary: Dictionary, *, name: str | None = None) -> Lexicon:
    """A lexicon with one entry per dictionary category.

    The category's own key is the entry id, the path of its parent keys (joined with ``.``) the
    entry's category (empty at the top level). Values with a CJK ideograph are Chinese forms
    (the first is ``zh``, the others ``zh_variants``), the others English (the first is ``en``,
    the others ``en_variants``). Lexicon forms are literal, so the values must be too: a
    ``regex`` dictionary, or a ``glob`` value with ``*`` or ``?``, is a
    :class:`~toolkit.errors.LexiconError`.

    Parameters
    ----------
    dictionary : Dictionary
    name : str, optional
        Name of the lexicon; defaults to the dictionary's name, else ``"dictionary"``.

    Returns
    -------
    Lexicon

    Examples
    --------
    >>> d = Dictionary({"economy": {"common-prosperity": ["共同富裕", "common prosperity",
    ...                                                   "shared prosperity"]}}, kind="fixed")
    >>> e = lexicon_from_dictionary(d)["common-prosperity"]
    >>> e.category, e.zh, e.en, e.en_variants
    ('economy', '共同富裕', ('common prosperity',), ('shared prosperity',))
    """
    if not isinstance(dictionary, Dictionary):
        raise InputError(
            f"lexicon_from_dictionary needs a Dictionary, not {type(dictionary).__name__}"
        )
    label = name or dictionary.name or "dictionary"
    if dictionary.kind == "regex":
        raise LexiconError(
            f"dictionary {label!r} holds regular expressions; lexicon forms are literal strings"
        )
    nested = dictionary.depth > 1  # only then is '.' a separator (nested keys cannot hold it)
    records = []
    where: dict[str, str] = {}
    for key, values in dictionary.categories().items():
        parent, _, ident = key.rpartition(SEPARATOR) if nested else ("", "", key)
        if ident in where:
            raise LexiconError(
                f"dictionary {label!r}: categories {where[ident]!r} and {key!r} would both be "
                f"entry {ident!r}; rename one key"
            )
        where[ident] = key
        if not values:
            raise LexiconError(
                f"dictionary {label!r}: key {key!r} has no values, an entry needs a form"
            )
        if dictionary.kind == "glob":
            wild = [v for v in values if "*" in v or "?" in v]
            if wild:
                raise LexiconError(
                    f"dictionary {label!r}: key {key!r} has the wildcard pattern {wild[0]!r}; "
                    "lexicon forms are literal strings"
                )
        zh = [v for v in values if is_chinese(v)]
        en = [v for v in values if not is_chinese(v)]
        records.append(
            {"id": ident, "zh": zh[0] if zh else "", "zh_variants": zh[1:],
             "en": en[:1], "en_variants": en[1:], "category": parent}
        )  # fmt: skip
    return Lexicon.from_dict({"lexicon": {"name": label}, "entry": records}, name=label)
