"""Candidate numbered formulations (两个确立, 三严三实, "two establishments") and the filter
for ordinary quantities (三个月, 两个方面, "two years").

Each occurrence is split into a *numeral* and a *rest* (``两`` + ``个确立``; ``two`` +
``establishments``). Two filters remove ordinary quantities:

1. curated lists (module constants below) of measure, time and generic heads, numeral idioms
   and ordinary words that begin with a numeral;
2. a statistical test of *numeral fixedness*: a formulation ties its head to one numeral
   (确立 only ever follows 两个), an ordinary head takes whatever number the sentence needs
   (方面 follows 两个, 三个, 四个…). For a rest seen with at least two different numerals, the
   upper-tail binomial probability of seeing this numeral at least ``n`` times out of the
   rest's ``N`` numbered occurrences, given the numeral's share among all numbered
   occurrences, must be below ``alpha``; otherwise the candidate is an ordinary quantity.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import binom

from toolkit.slogans._english import EN_NUMERALS as _EN_NUMERALS

__all__ = [
    "EN_GENERIC_HEADS",
    "EN_NUMERALS",
    "ZH_CLASSIFIERS",
    "ZH_GENERIC_HEADS",
    "ZH_IDIOMS",
    "ZH_MEASURES",
    "ZH_NUMERALS",
    "ZH_ORDINARY_PREFIXES",
    "ZH_ORDINARY_WORDS",
    "Occurrences",
    "en_generic",
    "en_numbered",
    "en_scan_view",
    "fixedness",
    "zh_generic",
    "zh_numbered",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Numeral characters that start a Chinese numbered formulation (一 only in serial patterns or
#: when another numeral follows, as in 一国两制).
ZH_NUMERALS = "一二两三四五六七八九十双"
#: Classifiers between numeral and head (两个确立, 八项规定, 三大攻坚战, 三条保障线).
ZH_CLASSIFIERS = "个项大条种位点句面支类件"
#: Measure words and time units: a rest beginning with one is a quantity (三年, 五倍, 十亿).
ZH_MEASURES = frozenset(
    "年月日天周季岁时分秒点号倍成次届级期亿万千百元角斤吨米里亩人名户口家座所篇部批是要者多余来号"
)
#: Heads (after numeral + classifier) that make an ordinary quantity or enumeration.
ZH_GENERIC_HEADS = frozenset(
    _words(
        """方面 问题 部分 阶段 时期 国家 地区 城市 省份 省 市 县 部门 单位 领域 环节 层次 小时 星期
    世纪 百分点 条件 因素 原因 途径 办法 工作 事 事情 人 孩子 指标 年度 地方 企业 项目 内容 方向
    特点 步骤 方法 错误 月 国 方 倍 次 以来 和 的 中 特别 最大 主要 重要 新 大 小 不同 中全会 全会 会议
    代表大会 五年计划 年计划 类 多 多个 以上 以下 左右 之间 同志"""
    )
)
#: Common four-character idioms made of numerals (not formulations).
ZH_IDIOMS = frozenset(
    _words(
        """一心一意 一五一十 一朝一夕 一点一滴 一草一木 一言一行 一举一动 一针一线 一砖一瓦 一丝一毫
    一模一样 一生一世 一时一事 一年一度 一家一户 一板一眼 一问一答 三心二意 三番五次 三三两两
    四面八方 四平八稳 五湖四海 五花八门 七上八下 七嘴八舌 七手八脚 七零八落 九死一生 十全十美
    一干二净 一清二楚 三令五申 三年五载 三五成群 四分五裂 五颜六色 乱七八糟 一石二鸟 一箭双雕
    两全其美 双管齐下 一分为二 三言两语 三长两短 一来二去 一日千里 一落千丈 千方百计 百花齐放"""
    )
)
#: Ordinary words that begin with a numeral character.
ZH_ORDINARY_WORDS = frozenset(
    _words(
        """十分 十足 十月 双方 双边 双重 双向 双手 双眼 双人 两岸 两难 两头 两者 二者 三者 两边 两旁
    两侧 两国 两极 两样 两口 两地 四周 四处 四川 四肢 三峡 三角 九州 万一 千万 百万 五官 八卦
    两次 三次 两倍 三倍 双层 十亿 二氧化碳 二氧化硫 三角洲 四季 两面性 两条线 两手 三番 四通八达 两用"""
    )
)
#: Beginnings of ordinary words and place names (四川省, 两国关系, 三峡工程, 二手车).
ZH_ORDINARY_PREFIXES = tuple(
    sorted(_words("四川 三峡 两国 两岸 三门峡 二连 二手 十国 九寨 五台 八达岭 三亚 双边 二氧化"))
)
#: English numerals that start a numbered formulation ("one" only in serial patterns).
EN_NUMERALS = tuple(sorted(_EN_NUMERALS))
#: English heads that make an ordinary quantity ("two years", "three days", "five million").
EN_GENERIC_HEADS = frozenset(
    _words(
        """year years month months week weeks day days hour hours minute minutes second seconds time
    times decade decades century centuries percent percentage point points people persons person
    men women children member members million millions billion billions trillion thousand
    thousands hundred hundreds dozen dozens yuan dollars dollar kilometers kilometres miles acres
    mu tons tonnes meters metres kilograms households families family counties cities provinces
    villages towns countries nations sides parties things ways aspects areas levels stages phases
    rounds items cases groups teams units companies enterprises firms schools students workers
    cadres officials leaders others ones more most other different separate previous consecutive
    thirds quarters fifths tenths of batches rounds categories types kinds pairs
    half first second third fourth fifth sixth seventh eighth ninth tenth weeks' years'
    generations terms occasions steps townships township banners leagues districts regions
    prefectures sumus gachas communities neighbourhoods neighborhoods streets projects project
    hectares kilowatts square cubic meetings sessions rivers lakes roads bridges lines routes
    hospitals clinics factories plants mines farms schools colleges universities classes
    batch lots pieces copies books articles documents reports cases incidents accidents
    indicators targets percentages shares votes seats rooms beds vehicles cars trucks trains
    flights ships machines sets tons km kg sq"""
    )
)

#: Measure words that make a serial pattern a list of quantities (三年五年); 多/余/来 are
#: heads there (三多三少三慢).
_SERIAL_MEASURES = ZH_MEASURES - frozenset("多余来")
#: Characters after a numeral that make it approximate (十几年, 二十多个, 三十余万).
ZH_APPROXIMATE = frozenset("几多余来把")
#: Function characters that cannot end a formulation (两个文明都, 两个问题的).
ZH_FUNCTION_CHARS = frozenset("的地得了着过都也又还就才把被将对为和与及或而并是要在从向给让使等")
_ZH_UNITS = ("分之", "公里", "公斤", "公顷", "平方", "立方", "千瓦", "美元")
_ZH_NUM_RUN = re.compile(f"^[{ZH_NUMERALS}百千万零〇]+")
_ZH_T1 = re.compile(f"([{ZH_NUMERALS}]{{1,2}})([{ZH_CLASSIFIERS}])")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
_FYP = re.compile("十[一二三四五六七八九]五")
_ZH_X = "[\u4e00-\u9fff]"
_ZH_SERIAL = re.compile(
    rf"(?=((?:[{ZH_NUMERALS}](?![{ZH_NUMERALS}百千万零〇]){_ZH_X}){{2,3}}))(?<![{ZH_NUMERALS}百千万零〇第])"
)
_EN_NUM = "|".join(EN_NUMERALS)
_EN_WORD = r"[a-z][a-z']*"
_EN_SINGLE = re.compile(rf"\b({_EN_NUM})\s+({_EN_WORD}(?:\s+{_EN_WORD}){{0,3}})")
_EN_ITEM = rf"\b(?:{_EN_NUM})\s+{_EN_WORD}"
_EN_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+)"
_EN_SERIAL = re.compile(rf"{_EN_ITEM}(?:{_EN_SEP}{_EN_ITEM}){{1,2}}\b")
_EN_ITEM_SPLIT = re.compile(rf"\b({_EN_NUM})\s+({_EN_WORD})")


@dataclass
class Occurrences:
    """Numbered occurrences found by a scan.

    ``rows`` holds ``(candidate, numeral, rest, shape, text, start, end)`` per occurrence,
    ``shape`` being ``"classifier"``, ``"classifier+"``, ``"word"``, ``"single"`` or
    ``"serial"`` and ``text``/``start``/``end`` the occurrence's text (index in the scanned list)
    and character span; ``pool`` counts every (numeral, rest, shape) seen (including the numeral
    一/"one" and ordinary quantities) for the fixedness test.
    """

    rows: list[tuple[str, str, str, str, int, int, int]]
    pool: Counter

    def candidates(self) -> dict[str, tuple[str, str, str]]:
        """Distinct candidates with their (numeral, rest, shape)."""
        return {r[0]: (r[1], r[2], r[3]) for r in self.rows}

    def counts(self) -> Counter:
        """Occurrences per candidate."""
        return Counter(r[0] for r in self.rows)


def _zh_tokens(text: str) -> list[tuple[str, int, int]]:
    import rjieba

    return rjieba.tokenize(text)


def _zh_tag(word: str) -> str:
    """rjieba's part-of-speech tag of a word ('' when it is not one word)."""
    import rjieba

    tags = rjieba.tag(word)
    return tags[0][1] if len(tags) == 1 else ""


def _zh_ordinary(word: str) -> bool:
    return word in ZH_ORDINARY_WORDS or word in ZH_IDIOMS or word.startswith(ZH_ORDINARY_PREFIXES)


def _zh_serial(text: str, starts: set[int], ends: set[int]) -> list[tuple[str, int]]:
    out = []
    for m in _ZH_SERIAL.finditer(text):
        a, whole = m.start(), m.group(1)
        if a not in starts:
            continue
        for size in (4, 6):
            cand = whole[:size]
            if len(cand) < size or a + size not in ends:
                continue
            heads = cand[1::2]
            if (
                any(h in _SERIAL_MEASURES for h in heads)
                or len(set(heads)) == 1
                or _zh_ordinary(cand)
            ):
                continue
            out.append((cand, a))
    return out


def zh_numbered(texts: Sequence[str]) -> Occurrences:
    """Scan Chinese texts for numeral + classifier + head (两个确立), numeral-initial words
    (三农, 一国两制, 十四五) and serial patterns (三严三实, 三去一降一补).

    Heads end at rjieba word boundaries; a classifier candidate also gets a two-word form
    (shape ``"classifier+"``: 四项基本原则), which the caller keeps when it is the usual one. A
    one-character word (都, 的, 要…) never extends a head.
    """
    rows: list[tuple[str, str, str, str, int, int, int]] = []
    pool: Counter = Counter()
    for t, text in enumerate(texts):
        toks = _zh_tokens(text)
        starts = {a for _, a, _ in toks}
        ends = {b for _, _, b in toks}
        for i, (w, a, b) in enumerate(toks):
            if w[0] not in ZH_NUMERALS:
                continue
            m = _ZH_T1.fullmatch(w)
            if m:
                nxt, _, nb = toks[i + 1] if i + 1 < len(toks) else ("", 0, 0)
                if not _CJK_WORD.fullmatch(nxt):
                    continue
                numeral, rest = m.group(1), m.group(2) + nxt
                pool[(numeral, rest, "classifier")] += 1
                if numeral == "一" or len(numeral) > 1 and m.group(2) == "大":
                    continue  # 一个… is ordinary; 十六大/二十大 are congress numbers
                rows.append((numeral + rest, numeral, rest, "classifier", t, a, nb))
                nxt2, _, nb2 = toks[i + 2] if i + 2 < len(toks) else ("", 0, 0)
                if len(nxt2) > 1 and _CJK_WORD.fullmatch(nxt2):
                    rows.append((numeral + rest + nxt2, numeral, rest, "classifier+", t, a, nb2))
                continue
            if not _CJK_WORD.fullmatch(w) or len(w) < 2 or _zh_ordinary(w):
                continue
            run = _ZH_NUM_RUN.match(w)
            numeral = run.group(0) if run else w[0]
            rest = w[len(numeral) :]
            if not rest:
                if _FYP.fullmatch(w):  # 十四五, 九五: five-year-plan shorthands
                    rows.append((w, w, "", "word", t, a, b))
                continue
            pool[(numeral, rest, "word")] += 1
            if len(numeral) > 2 or (numeral == "一" and not any(c in ZH_NUMERALS for c in rest)):
                continue
            rows.append((w, numeral, rest, "word", t, a, b))
        for cand, a in _zh_serial(text, starts, ends):
            rows.append((cand, cand[0], cand[1:], "serial", t, a, a + len(cand)))
    return Occurrences(rows, pool)


def zh_generic(numeral: str, rest: str, shape: str) -> str:
    """Why a Chinese candidate is an ordinary quantity by the curated lists ('' if it is not).

    Examples
    --------
    >>> zh_generic("十", "几年", "word"), zh_generic("两", "个文明都", "classifier+")
    ('approximate number', 'ends in a function word')
    """
    if shape == "serial" or (not rest and _FYP.fullmatch(numeral)):
        return ""
    if rest[0] in ZH_APPROXIMATE:
        return "approximate number"
    if len(rest) > 1 and rest[-1] in ZH_FUNCTION_CHARS:
        return "ends in a function word"
    head = rest[1:]
    if shape.startswith("classifier") or rest[0] in ZH_CLASSIFIERS:
        if not head or rest[0] == "点" and head[:1] in ZH_NUMERALS + "零〇":
            return "number"
        if shape == "classifier" and _zh_tag(head) == "b":
            return "truncated (a modifier without its noun)"
        if head in ZH_MEASURES:
            return "measure or time unit"
        if head in ZH_GENERIC_HEADS:
            return "generic head"
        if any(head.startswith(g) and len(g) > 1 for g in ZH_GENERIC_HEADS):
            return "generic head"
        return ""
    if rest[0] in ZH_MEASURES or rest.startswith(_ZH_UNITS) or rest in ZH_GENERIC_HEADS:
        return "measure or time unit"
    if rest.startswith(("中全会", "届")):
        return "ordinal (plenum, congress)"
    return ""


def _en_head(words: list[str], stop: frozenset[str]) -> list[str]:
    head: list[str] = []
    for w in words[:3]:
        if w in stop:
            break
        head.append(w)
        if w.endswith("s") and len(w) > 2:
            return head
    return head[:1]


def en_numbered(texts: Sequence[str], stop: frozenset[str]) -> Occurrences:
    """Scan English texts for numeral + head ("two establishments", "five major tasks") and
    serial lists ("one country, two systems"; "three excesses, three lesss, and three slows").

    The head runs up to three words until a stopword, ending early at the first plural-looking
    word (MT renderings pluralise: "four comprehensives"); texts should be lower-cased with
    hyphens as spaces (see :func:`en_scan_view`), which keeps their offsets.
    """
    rows: list[tuple[str, str, str, str, int, int, int]] = []
    pool: Counter = Counter()
    for t, text in enumerate(texts):
        for m in _EN_SINGLE.finditer(text):
            numeral, words = m.group(1), [w.strip("'") for w in m.group(2).split()]
            if words and (words[0] in stop or words[0] in EN_NUMERALS):
                pool[(numeral, words[0], "single")] += 1
                continue
            head = _en_head(words, stop)
            if not head:
                continue
            pool[(numeral, head[-1], "single")] += 1
            if numeral != "one":
                cand = f"{numeral} {' '.join(head)}"
                end = _phrase_end(text, m.start(), len(head) + 1)
                rows.append((cand, numeral, head[-1], "single", t, m.start(), end))
        for m in _EN_SERIAL.finditer(text):
            items = _EN_ITEM_SPLIT.findall(m.group(0))
            if any(w in stop or w in EN_GENERIC_HEADS or w in EN_NUMERALS for _, w in items):
                continue
            cand = re.sub(r"\s+", " ", m.group(0))
            rows.append((cand, items[0][0], items[0][1], "serial", t, m.start(), m.end()))
    return Occurrences(rows, pool)


def _phrase_end(text: str, start: int, words: int) -> int:
    """End offset of the first ``words`` words from ``start``."""
    m = re.match(rf"\S+(?:\s+\S+){{{words - 1}}}", text[start:])
    end = start + (m.end() if m else 0)
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return end


def en_generic(numeral: str, rest: str, shape: str, stop: frozenset[str]) -> str:
    """Why an English candidate is an ordinary quantity by the curated lists ('' if not)."""
    if shape == "serial":
        return ""
    if rest in EN_GENERIC_HEADS or rest.rstrip("s") in EN_GENERIC_HEADS:
        return "generic head"
    if rest in stop or rest.isdigit():
        return "function word"
    return ""


def en_scan_view(text: str) -> str:
    """Lower-case, hyphens/dashes as spaces, apostrophes kept: the text the English scan reads
    (same length and offsets as ``text``)."""
    from toolkit.slogans._views import _lower

    return re.sub("[-\u2010-\u2015]", " ", _lower(text))


def fixedness(pool: Counter) -> dict[tuple[str, str, str], tuple[int, int, float]]:
    """Numeral fixedness of every ``(shape, numeral, rest)`` in the pool: ``(n, N, p)`` with
    ``n`` occurrences of this numeral with the rest, ``N`` with any numeral, and ``p`` the
    binomial upper-tail probability P(X ≥ n | N, share of this numeral among all numbered
    occurrences of the shape); ``p`` is 0 when the rest never takes another numeral."""
    shares: dict[str, Counter] = defaultdict(Counter)
    rests: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for (num, r, s), c in pool.items():
        shares[s][num] += c
        rests[(s, r)][num] += c
    out = {}
    for (s, r), nums in rests.items():
        total = sum(shares[s].values())
        n_all = sum(nums.values())
        for num, n in nums.items():
            if len(nums) < 2:
                out[(s, num, r)] = (n, n_all, 0.0)
                continue
            share = shares[s][num] / total
            out[(s, num, r)] = (n, n_all, float(binom.sf(n - 1, n_all, share)))
    return out
