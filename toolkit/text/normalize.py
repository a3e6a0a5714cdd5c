"""Text normalisation: each step is a named, tested function; :func:`normalize` chains them.

The corpus keeps the original text beside the normalised one (``docs["original"]``), so every
step here may change the text freely as long as it is deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache

from toolkit.errors import ArgumentError

__all__ = [
    "NormalizeSettings",
    "collapse_whitespace",
    "join_cjk_breaks",
    "nfkc",
    "normalize",
    "normalize_quotes",
    "strip_invisible",
    "to_simplified",
    "CJK_CHARS",
    "CJK_PUNCTUATION",
    "fold_punct",
    "join_spaced_digits",
    "unify_line_breaks",
]

#: Character class (for ``re``) of CJK ideographs, CJK punctuation and full-width forms.
CJK_CHARS = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK symbols and punctuation (、。「」…)
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\ufe30-\ufe4f"  # compatibility forms
    "\uff00-\uffef"  # half/full-width forms
    "\U00020000-\U0002fa1f"  # extensions B-F, compatibility supplement
    "“”‘’—…·"  # curly quotes, dashes and ellipses as used in Chinese text
)

#: Chinese punctuation that NFKC would turn into ASCII and that :func:`nfkc` keeps as written:
#: the full-width punctuation of the U+FF01–FF60 block except ``．％－／＿`` (which belong to
#: numbers and become ASCII), the wave dash ``～`` and the ellipses ``…‥``.
CJK_PUNCTUATION = "！＂＃＆＇（）＊，：；？＠［＼］｛｝｟｠～…‥"
_KEEP = re.compile(f"[{re.escape(CJK_PUNCTUATION)}]")
#: One-to-one map of the kept full-width punctuation to ASCII, for matching (not for display).
_FOLD = str.maketrans({c: unicodedata.normalize("NFKC", c) for c in CJK_PUNCTUATION
                       if len(unicodedata.normalize("NFKC", c)) == 1})  # fmt: skip
_LINE_BREAKS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n", "\x85": "\n", "\v": "\n",
                              "\f": "\n", "\x1c": "\n", "\x1d": "\n", "\x1e": "\n"})  # fmt: skip
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u2060-\u2064\ufeff\u00ad"  # zero-width characters, BOM, soft hyphen
    "\x00-\x08\x0e-\x1b\x1f\x7f\x80-\x84\x86-\x9f]"  # control characters (not line breaks)
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_BREAK = r"(?:[^\S\n]+\n?|\n)[^\S\n]*"
_NEAR = r"0-9,.;:!?()\[\]%"  # ASCII that NFKC makes of full-width punctuation and digits
_CJK_BREAK = re.compile(
    rf"(?<=[{CJK_CHARS}]){_BREAK}(?=[{CJK_CHARS}{_NEAR}])"
    rf"|(?<=[{_NEAR}]){_BREAK}(?=[{CJK_CHARS}])"
)
_APOSTROPHE = re.compile(r"(?<=\w)[’‘`´′](?=\w)")
_BREAK_CHARS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e"
_DIGIT_SPACE_DIGIT = re.compile(r"\d[^\S\n]+\d")
_STRAIGHT_DOUBLE = re.compile(r'"([^"“”\n]{1,200}?)"')
_SPACED_DIGITS = re.compile(
    rf"(?<![\d.,])\d(?:[^\S\n]+\d)+(?=[^\S\n]*[{CJK_CHARS}])|(?<=[{CJK_CHARS}])\d(?:[^\S\n]+\d)+(?![\d.,])"
)
_HSPACE_RUN = re.compile(r"[^\S\n]+")


def nfkc(text: str, *, keep_cjk_punct: bool = True) -> str:
    """Unicode NFKC: full-width digits and letters to ASCII, ideographic spaces to spaces —
    but Chinese punctuation (:data:`CJK_PUNCTUATION`: ``，：；（）！？…``) stays as written
    unless ``keep_cjk_punct=False``.

    Examples
    --------
    >>> nfkc("１９５５年\u3000计划，３．５％：")
    '1955年 计划，3.5%：'
    >>> nfkc("计划，", keep_cjk_punct=False)
    '计划,'
    """
    if not keep_cjk_punct or _KEEP.search(text) is None:
        return unicodedata.normalize("NFKC", text)
    out, at = [], 0
    for m in _KEEP.finditer(text):
        out.append(unicodedata.normalize("NFKC", text[at : m.start()]))
        out.append(m.group(0))
        at = m.end()
    out.append(unicodedata.normalize("NFKC", text[at:]))
    return "".join(out)


def fold_punct(text: str) -> str:
    """The kept full-width punctuation as ASCII, one character for one (offsets unchanged):
    the view lexicon matching and KWIC search, so ``百花齐放，百家争鸣`` and
    ``百花齐放,百家争鸣`` are the same form.

    Examples
    --------
    >>> fold_punct("百花齐放，百家争鸣（双百）")
    '百花齐放,百家争鸣(双百)'
    """
    return text.translate(_FOLD)


def unify_line_breaks(text: str) -> str:
    """Every line-break character as ``\\n``: CR LF, CR, NEL, VT, FF, the information
    separators, U+2028 (line separator); U+2029 (paragraph separator) becomes a blank line.

    Examples
    --------
    >>> unify_line_breaks("中\\u2028文\\r\\n段\\u2029落")
    '中\\n文\\n段\\n\\n落'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(c in text for c in _BREAK_CHARS):  # the usual case (substring scans, in C)
        return text
    return text.translate(_LINE_BREAKS)


def join_spaced_digits(text: str) -> str:
    """Join single digits separated by spaces next to Chinese text (``1 9 9 3 年`` → ``1993年``),
    as older typeset reports write them.

    Examples
    --------
    >>> join_spaced_digits("1 9 9 3 年3 月, in 1 2 3 steps")
    '1993 年3 月, in 1 2 3 steps'
    """
    if _DIGIT_SPACE_DIGIT.search(text) is None:  # a cheap scan first (no lookbehind)
        return text
    return _SPACED_DIGITS.sub(lambda m: _HSPACE_RUN.sub("", m.group(0)), text)


def strip_invisible(text: str) -> str:
    """Remove zero-width spaces/joiners, byte-order marks, soft hyphens and control characters
    (line breaks and tabs excepted).

    Examples
    --------
    >>> strip_invisible("各位代表：\u200d")
    '各位代表：'
    """
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=4)
def _opencc(config: str):  # pragma: no cover - trivial cache
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str, config: str = "t2s") -> str:
    """Convert traditional Chinese characters to simplified ones with OpenCC.

    Parameters
    ----------
    text : str
        Any text; non-Chinese characters pass through unchanged.
    config : str
        OpenCC configuration, ``"t2s"`` (default), ``"tw2s"`` or ``"hk2s"``.

    Examples
    --------
    >>> to_simplified("我們第一屆全國人民代表大會")
    '我们第一届全国人民代表大会'
    """
    return _opencc(config).convert(text)


def join_cjk_breaks(text: str) -> str:
    """Remove single line breaks and spaces between two CJK characters.

    Wikisource copies break sentences with newlines (``听取了\\n关于预算的说明``); a blank
    line (paragraph break) is kept. A break between a CJK character and a digit or ASCII
    punctuation (what NFKC makes of full-width ``，`` or ``１``) is removed too.

    Examples
    --------
    >>> join_cjk_breaks("我们听取了\\n关于预算的说明\\n。\\n\\n第二段")
    '我们听取了关于预算的说明。\\n\\n第二段'
    >>> join_cjk_breaks("王 某")
    '王某'
    >>> join_cjk_breaks("1 9 9 3 年3 月")
    '1993年3月'
    """
    return _CJK_BREAK.sub("", join_spaced_digits(text))


def normalize_quotes(text: str) -> str:
    """Make quotation marks uniform while keeping quoted phrases detectable.

    Apostrophes inside words become ``'`` (``people’s`` → ``people's``); pairs of straight double
    quotes become curly ``“…”`` so that opening and closing marks stay distinguishable. Chinese
    corner brackets 「」 are left as they are.

    Examples
    --------
    >>> normalize_quotes('the "two establishments" and people’s')
    "the “two establishments” and people's"
    """
    if any(c in text for c in "’‘`´′"):
        text = _APOSTROPHE.sub("'", text)
    return _STRAIGHT_DOUBLE.sub(r"“\1”", text) if '"' in text else text


def collapse_whitespace(text: str) -> str:
    """Collapse runs of spaces/tabs, trim lines, keep at most one blank line between paragraphs.

    Examples
    --------
    >>> collapse_whitespace("  a  b \\r\\n\\n\\n\\n c ")
    'a b\\n\\nc'
    """
    out: list[str] = []
    blank = False
    for line in unify_line_breaks(text).split("\n"):
        words = line.split()  # str.split: every Unicode space, in C
        if not words:
            blank = True
            continue
        if blank and out:
            out.append("")
        out.append(" ".join(words))
        blank = False
    return "\n".join(out)


@dataclass(frozen=True)
class NormalizeSettings:
    """Which normalisation steps run, in the fixed order of the attributes.

    The registry cards' ``[normalize]`` table maps onto these fields.
    """

    nfkc: bool = True
    invisible: bool = True
    simplified: bool = False
    cjk_breaks: bool = True
    quotes: bool = True
    whitespace: bool = True

    @classmethod
    def from_mapping(cls, values: dict | None) -> NormalizeSettings:
        """Build settings from a card's ``[normalize]`` table, rejecting unknown keys."""
        values = dict(values or {})
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ArgumentError(
                f"unknown normalisation setting(s) {sorted(unknown)}; "
                f"known: {sorted(cls.__dataclass_fields__)}"
            )
        return cls(**values)

    def as_dict(self) -> dict[str, bool]:
        """The settings as a plain dict (for cache keys and provenance)."""
        return asdict(self)


def normalize(text: str, *, settings: NormalizeSettings | None = None, **steps: bool) -> str:
    """Apply the normalisation steps in order: NFKC, invisible characters, traditional → simplified,
    CJK line breaks, quotes, whitespace.

    Parameters
    ----------
    text : str
        Raw text.
    settings : NormalizeSettings, optional
        Which steps to run; defaults to ``NormalizeSettings()`` (everything except simplified).
    **steps : bool
        Overrides for single steps, e.g. ``simplified=True``.

    Examples
    --------
    >>> normalize("我們的\\n報告\u3000１９５４年", simplified=True)
    '我们的报告1954年'
    """
    s = settings or NormalizeSettings()
    if steps:
        s = NormalizeSettings(**{**s.as_dict(), **steps})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate is no character: U+FFFD
        text = _SURROGATE.sub("\ufffd", text)
    if s.nfkc:
        text = nfkc(text)
    if s.invisible:
        text = strip_invisible(text)
    if s.simplified:
        text = to_simplified(text)
    if s.whitespace or s.cjk_breaks:
        text = unify_line_breaks(text)
    if s.cjk_breaks:
        text = join_cjk_breaks(text)
    if s.quotes:
        text = normalize_quotes(text)
    if s.whitespace:
        text = collapse_whitespace(text)
    return text


def normalize_many(texts: Iterable[str], settings: NormalizeSettings | None = None) -> list[str]:
    """Normalise many texts with the same settings (see :func:`normalize`)."""
    s = settings or NormalizeSettings()
    return [normalize(t, settings=s) for t in texts]
