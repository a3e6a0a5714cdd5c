"""Marks that make a single occurrence of a candidate formulation worth reporting.

A formulation is often used once in a short text (a provincial news report) but *marked* as a
set phrase: put in quotation marks (“两个确立”, “five major tasks”), followed or preceded by the
list it numbers (三个务必: 务必…，务必…，务必…; "the two establishments, namely …"), or built
as a serial pattern (三严三实, "three excesses, three lesss, and three slows"). Discovery
reports marked candidates from their first occurrence (``min_count`` 1) and unmarked ones only
when they recur.

Examples
--------
>>> quoted("要做到“两个维护”。", 4, 8)
True
>>> enumerated("坚持两个毫不动摇:毫不动摇巩固公有制经济、毫不动摇发展非公有制经济。", 2, 8, 2)
True
>>> enumerated("完成五大任务,走在前列", 2, 6, 5)
False
"""

from __future__ import annotations

import re

__all__ = ["OPEN_QUOTES", "CLOSE_QUOTES", "enumerated", "numeral_value", "quoted"]

OPEN_QUOTES = frozenset("“‘「『\"'《")
CLOSE_QUOTES = frozenset("”’」』\"'》")
_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5}
_ZH_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_VALUES = {"one": 1, "two": 2, "double": 2, "dual": 2, "three": 3, "four": 4, "five": 5}
_EN_VALUES |= {"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11}
_EN_VALUES |= {"twelve": 12}
#: What introduces the list a numbered phrase stands for.
_ZH_INTRO = re.compile(r"^\s*[”’」』]?\s*(?:[:：]|——|,?(?:即|就是|也就是|分别是|包括|是指)[:：,]?)")
_EN_INTRO = re.compile(
    r"^\s*[”’\"']?\s*(?::|,?\s*(?:namely|that is|i\.e\.|including)\s*[,:]?|\s[-–—]\s)"
)
_ZH_ORDINALS = re.compile("(?:[一二三四五六七八九十]是|第[一二三四五六七八九十])")
_EN_ITEM_SEP = re.compile(r"\s*(?:[,;]\s*(?:and\s+)?|\s+and\s+)")


def numeral_value(numeral: str) -> int | None:
    """The value of a Chinese (一…十, 十一…十九) or English numeral, None if unknown."""
    word = numeral.strip().lower()
    if word in _EN_VALUES:
        return _EN_VALUES[word]
    if len(word) == 1:
        return _ZH_DIGITS.get(word)
    if len(word) == 2 and word[0] == "十" and word[1] in _ZH_DIGITS:
        return 10 + _ZH_DIGITS[word[1]]
    return None


def quoted(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` enclosed in quotation marks (one space allowed inside)?"""
    a = start - 1
    if a >= 0 and text[a] == " ":
        a -= 1
    b = end
    if b < len(text) and text[b] == " ":
        b += 1
    return a >= 0 and b < len(text) and text[a] in OPEN_QUOTES and text[b] in CLOSE_QUOTES


def _item_counts(clause: str, english: bool) -> set[int]:
    """How many list items ``clause`` holds, read at each level of separators."""
    clause = clause.strip(" ,;:")
    if not clause:
        return set()
    if english:
        return {len([p for p in _EN_ITEM_SEP.split(clause) if p.strip()])}
    counts = {len(_ZH_ORDINALS.findall(clause))}
    for sep in ("[;；]", "[,;；]", "[、,;；]"):
        counts.add(len([p for p in re.split(sep, clause) if p.strip()]))
    first = re.split("[,;；]", clause)[0]
    counts.add(len([p for p in first.split("、") if p.strip()]))
    return counts


def enumerated(text: str, start: int, end: int, value: int | None, width: int = 300) -> bool:
    """Is the numbered phrase ``text[start:end]`` followed (after a colon, 即, "namely"…) or
    preceded (…、…、…这三件大事) by a list of ``value`` items?"""
    if value is None or value < 2:
        return False
    english = text[start:end].isascii()
    after = text[end : end + width]
    intro = (_EN_INTRO if english else _ZH_INTRO).match(after)
    if intro:
        stop = re.search(r"[.!?]\s" if english else "[。!?！？]", after[intro.end() :] + " ")
        clause = after[intro.end() : intro.end() + (stop.start() if stop else width)]
        if value in _item_counts(clause, english):
            return True
    if english:
        return False
    before = text[max(0, start - width) : start]
    cut = max(before.rfind(c) for c in "。;:!?")
    clause = re.sub("(?:这|等|的|和|这些)$", "", before[cut + 1 :].rstrip(" ”"))
    return len([p for p in re.split("[、和与及]", clause) if p.strip()]) == value and "、" in clause
