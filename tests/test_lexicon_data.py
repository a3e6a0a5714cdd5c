"""The built-in slogan lexicons (corpora/lexicons/*.toml): schema, content and matchability.

The files are read with ``tomllib`` directly so that the data is checked independently of the
loader; one test at the end compiles them with the toolkit's matcher.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import opencc
import pytest

import toolkit as tk

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LEXICON_DIR = Path(__file__).resolve().parents[1] / "corpora" / "lexicons"
CATEGORIES = {
    "ideology",
    "governance",
    "economy",
    "society",
    "ecology",
    "diplomacy",
    "regional",
    "security",
    "party-building",
    "culture",
}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Runs of whitespace, hyphens/dashes and quotes collapse to one space in the English match view.
SEP_RE = re.compile(
    "[\\s\\-\u2010-\u2015\u2212'\"`\u00ab\u00bb\u00b4\u2018-\u201f\u2032\u2033\u2039\u203a\u300c-\u300f]+"
)
FIELDS = {
    "id",
    "zh",
    "zh_variants",
    "en",
    "en_variants",
    "category",
    "since",
    "source",
    "exclude",
    "note",
    "valid_from",
    "valid_until",
    "require",
    "forbid",
    "window",
}
LIST_FIELDS = ("zh_variants", "en", "en_variants", "exclude", "require", "forbid")
T2S = opencc.OpenCC("t2s")
# One-word English forms are allowed only when they cannot be an ordinary word.
ONE_WORD_FORMS = {
    "obor",
    "sdi",
    "maga",
    "obamacare",
    "sannong",
    "dibao",
    "cyberpower",
    "panchsheel",
}
# A source names a document: a year and at least a few words.
SOURCE_YEAR_RE = re.compile(r"\b(1[89]\d\d|20[0-2]\d)\b")


def _load(name: str) -> dict:
    with open(LEXICON_DIR / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def ccp() -> dict:
    return _load("ccp-formulations")


@pytest.fixture(scope="module")
def us() -> dict:
    return _load("us-presidential")


def en_key(form: str) -> str:
    """The English match key: lower case, separator runs as one space."""
    return SEP_RE.sub(" ", unicodedata.normalize("NFKC", form).lower()).strip()


def en_forms(entry: dict) -> list[str]:
    return [*entry["en"], *entry.get("en_variants", [])]


def zh_forms(entry: dict) -> list[str]:
    return [entry["zh"], *entry.get("zh_variants", [])] if "zh" in entry else []


def en_hits(lexicon: dict, text: str) -> set[str]:
    """Ids of the entries with an English form in ``text`` (reference matcher for the tests)."""
    view = " " + en_key(text) + " "
    found = set()
    for e in lexicon["entry"]:
        for form in en_forms(e):
            if re.search(rf"(?<![a-z0-9]){re.escape(en_key(form))}(?![a-z0-9])", view):
                found.add(e["id"])
    return found


def period(entry: dict) -> tuple[int, int] | None:
    """The entry's validity period, None when it has none."""
    if "valid_from" not in entry and "valid_until" not in entry:
        return None
    return entry.get("valid_from", -10_000), entry.get("valid_until", 10_000)


def may_share(a: dict, b: dict) -> bool:
    """Two entries may share a form only when both have periods that do not overlap."""
    pa, pb = period(a), period(b)
    return pa is not None and pb is not None and (pa[1] < pb[0] or pb[1] < pa[0])


def zh_count(entry: dict, text: str) -> int:
    """Hits of an entry's Chinese forms in ``text`` after t2s, minus those inside ``exclude``."""
    text = T2S.convert(unicodedata.normalize("NFKC", text))
    spans = [
        (m.start(), m.end()) for form in zh_forms(entry) for m in re.finditer(re.escape(form), text)
    ]
    blocked = [
        (m.start(), m.end())
        for x in entry.get("exclude", [])
        for m in re.finditer(re.escape(x), text)
    ]
    return sum(not any(a <= s and e <= b for a, b in blocked) for s, e in spans)


def schema_errors(lexicon: dict, first_year: int, needs_zh: bool) -> list[str]:
    errors = []
    for i, e in enumerate(lexicon["entry"]):
        where = f"entry {i + 1} ({e.get('id')!r})"
        if set(e) - FIELDS:
            errors.append(f"{where}: unknown fields {sorted(set(e) - FIELDS)}")
        if not isinstance(e.get("id"), str) or not ID_RE.match(e["id"]):
            errors.append(f"{where}: id is not a lowercase ascii slug")
        if needs_zh != isinstance(e.get("zh"), str):
            errors.append(f"{where}: zh {'missing' if needs_zh else 'not allowed'}")
        for name in LIST_FIELDS:
            value = e.get(name, [])
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip() == v and v for v in value
            ):
                errors.append(f"{where}: {name} must be a list of non-empty trimmed strings")
        if not e.get("en"):
            errors.append(f"{where}: needs at least one official English form in 'en'")
        if e.get("category") not in CATEGORIES:
            errors.append(f"{where}: category {e.get('category')!r} not allowed")
        since = e.get("since")
        if not isinstance(since, int) or not first_year <= since <= 2026:
            errors.append(f"{where}: since {since!r} not a year in {first_year}-2026")
        source = e.get("source")
        if not isinstance(source, str) or not source or "\n" in source or len(source) > 400:
            errors.append(f"{where}: source must be one non-empty line")
        elif str(since) not in SOURCE_YEAR_RE.findall(source) or len(source.split()) < 4:
            errors.append(f"{where}: source must name the document of {since} (with the year)")
        errors += context_errors(e, where)
    return errors


def context_errors(e: dict, where: str) -> list[str]:
    """The context rules of one entry: plausible years in order, a window only with
    neighbours, neighbours that are not forms of the entry itself."""
    errors = []
    years = [e[k] for k in ("valid_from", "valid_until") if k in e]
    if not all(isinstance(y, int) and 1921 <= y <= 2100 for y in years):
        errors.append(f"{where}: valid_from/valid_until must be years")
    elif len(years) == 2 and years[0] > years[1]:
        errors.append(f"{where}: valid_from is after valid_until")
    if "window" in e:
        if not isinstance(e["window"], int) or e["window"] < 1:
            errors.append(f"{where}: window must be a positive number of characters")
        if not (e.get("require") or e.get("forbid")):
            errors.append(f"{where}: window without require/forbid")
    own = {*zh_forms(e), *(en_key(f) for f in en_forms(e))}
    for x in [*e.get("require", []), *e.get("forbid", [])]:
        if x in own or en_key(x) in own:
            errors.append(f"{where}: neighbour {x!r} is a form of the entry itself")
    return errors


@pytest.mark.parametrize(
    ("name", "first_year", "needs_zh", "minimum"),
    [("ccp-formulations", 1921, True, 300), ("us-presidential", 1776, False, 25)],
)
def test_schema(name, first_year, needs_zh, minimum):
    lexicon = _load(name)
    meta = lexicon["lexicon"]
    assert meta["name"] == name
    assert meta["title"] and meta["description"] and meta["sources"]
    assert re.fullmatch(r"\d{4}\.\d{1,2}", meta["version"])
    assert meta["languages"] == (["zh", "en"] if needs_zh else ["en"])
    assert len(lexicon["entry"]) >= minimum
    assert schema_errors(lexicon, first_year, needs_zh) == []
    ids = [e["id"] for e in lexicon["entry"]]
    assert len(ids) == len(set(ids)), "duplicate ids"


def test_schema_errors_are_reported():
    bad = {"entry": [{"id": "Bad Id", "zh": "两个确立", "en": [], "category": "x", "since": 1900}]}
    errors = schema_errors(bad, 1921, needs_zh=True)
    assert len(errors) == 5
    assert any("slug" in m for m in errors) and any("category" in m for m in errors)
    undated = {"id": "a", "zh": "两个确立", "en": ["x y"], "category": "ideology", "since": 2021}
    assert any("source" in m for m in schema_errors({"entry": [undated]}, 1921, True))
    vague = dict(undated, source="Resolution of the 6th Plenum (2020)")
    assert any("document of 2021" in m for m in schema_errors({"entry": [vague]}, 1921, True))
    rules = dict(undated, source="Resolution, 6th Plenum of the 19th CC (Nov 2021)", window=5)
    rules |= {"valid_from": 2022, "valid_until": 2021}
    messages = schema_errors({"entry": [rules]}, 1921, True)
    assert any("after valid_until" in m for m in messages)
    assert any("window without" in m for m in messages)


def test_chinese_forms_simplified_normalised_unique(ccp):
    seen: dict[str, dict] = {}
    for e in ccp["entry"]:
        for form in zh_forms(e):
            assert CJK_RE.search(form), (e["id"], form)
            assert T2S.convert(form) == form, f"{e['id']}: {form} is not simplified"
            assert unicodedata.normalize("NFKC", form) == form, f"{e['id']}: {form} not NFKC"
            other = seen.setdefault(form, e)
            assert other is e or may_share(other, e), f"{form} in {other['id']} and {e['id']}"


def test_english_forms_are_not_chinese_nor_ordinary_words(ccp, us):
    for lexicon in (ccp, us):
        for e in lexicon["entry"]:
            for form in en_forms(e):
                assert not CJK_RE.search(form), (e["id"], form)
                key = en_key(form)
                assert " " in key or key in ONE_WORD_FORMS, f"{e['id']}: one-word form {form!r}"


@pytest.mark.parametrize("name", ["ccp-formulations", "us-presidential"])
def test_no_english_form_shared_by_two_entries(name):
    owner: dict[str, dict] = {}
    clashes = []
    for e in _load(name)["entry"]:
        for key in {en_key(f) for f in en_forms(e)}:
            other = owner.setdefault(key, e)
            if other is not e and not may_share(other, e):
                clashes.append((key, other["id"], e["id"]))
    assert clashes == []


def test_shared_forms_belong_to_successive_periods(ccp):
    """两个大局 and 两步走 changed meaning: the same form in two entries of disjoint periods."""
    by_id = {e["id"]: e for e in ccp["entry"]}
    for old, new, year in [
        ("two-overall-situations-1988", "two-overall-situations", 2019),
        ("two-step-strategy-1982", "two-step-strategy-2017", 2017),
    ]:
        a, b = by_id[old], by_id[new]
        assert set(zh_forms(a)) & set(zh_forms(b)) and may_share(a, b)
        assert a["valid_until"] < year <= b["valid_from"]


def test_exclude_strings_contain_a_form(ccp, us):
    checked = 0
    for e in [*ccp["entry"], *us["entry"]]:
        for x in e.get("exclude", []):
            zh_ok = any(f in x for f in zh_forms(e))
            en_ok = any(en_key(f) in en_key(x) for f in en_forms(e))
            assert zh_ok or en_ok, f"{e['id']}: exclude {x!r} contains none of its forms"
            checked += 1
    assert checked >= 5


def test_exclude_blocks_false_positives(ccp):
    by_id = {e["id"]: e for e in ccp["entry"]}
    assert zh_count(by_id["three-represents"], "会上三个代表团发言，坚持三个代表的要求") == 1
    assert zh_count(by_id["new-development-philosophy"], "创新发展理念；贯彻新发展理念") == 1
    assert zh_count(by_id["general-line"], "制定总路线图，坚持总路线") == 1
    assert zh_count(by_id["two-major"], "矛盾的两重性；推进两重建设") == 1
    assert zh_count(by_id["two-new"], "两新一重建设；推动两新工作") == 1


REQUIRED_ZH = [
    "阶级斗争",
    "四个现代化",
    "改革开放",
    "四项基本原则",
    "一国两制",
    "三个代表",
    "科学发展观",
    "和谐社会",
    "中国梦",
    "四个全面",
    "新发展理念",
    "供给侧结构性改革",
    "两个确立",
    "两个维护",
    "共同富裕",
    "中国式现代化",
    "新质生产力",
    "全过程人民民主",
    "总体国家安全观",
    "习近平新时代中国特色社会主义思想",
    "中国特色社会主义",
    "人类命运共同体",
    "一带一路",
    "五位一体",
    "八项规定",
    "三严三实",
    "六稳",
    "六保",
    "三去一降一补",
    "四个意识",
    "四个自信",
    "两个一百年",
    "小康社会",
    "全面建成小康社会",
    "生态文明",
    "绿水青山就是金山银山",
    "大跃进",
    "人民公社",
    "总路线",
    "百花齐放、百家争鸣",
    "以阶级斗争为纲",
    "无产阶级专政",
    "继续革命",
    "拨乱反正",
    "实事求是",
    "解放思想",
    "社会主义市场经济",
    "社会主义初级阶段",
    "一个中心、两个基本点",
    "精神文明",
    "依法治国",
    "科教兴国",
    "西部大开发",
    "可持续发展",
    "以人为本",
    "新农村建设",
    "三农",
    "精准扶贫",
    "脱贫攻坚",
    "新常态",
    "双循环",
    "新发展格局",
    "高质量发展",
    "碳达峰碳中和",
    "双碳",
    "乡村振兴",
    "铸牢中华民族共同体意识",
    "中华民族共同体意识",
    "主题教育",
    "不忘初心",
    "从严治党",
    "全面从严治党",
    "反腐败",
    "国家治理体系和治理能力现代化",
    "粤港澳大湾区",
    "京津冀协同发展",
    "长江经济带",
    "雄安新区",
    "三北",
    "五大任务",
    "模范自治区",
    "三多三少三慢",
    "规范、精减、提速",
    "精简、规范、提速",
    "三多、三少、三慢",
    "两件大事",
    "共有精神家园",
    "生态安全屏障",
    # the formulations issue 12 found missing
    "两个毫不动摇",
    "四个伟大",
    "伟大建党精神",
    "不敢腐、不能腐、不想腐",
    "两个大局",
    "三大法宝",
    "十个明确",
    "十四个坚持",
    "八个明确",
    "三个务必",
    "两个务必",
    "两个结合",
    "三大标志性战役",
    "时时放心不下",
    "中华民族的伟大复兴",
    "以实践作为检验真理的唯一标准",
    "实践是检验真理唯一标准",
    "中国式的现代化",
    "全面建设小康社会",
    "三件大事",
    "六个必须坚持",
    "自我革命",
    "全过程人民民主",
    "新时代",
    "人民日益增长的美好生活需要和不平衡不充分的发展之间的矛盾",
]


def test_required_chinese_formulations_present(ccp):
    forms = {f for e in ccp["entry"] for f in zh_forms(e)}
    assert [z for z in REQUIRED_ZH if z not in forms] == []


def test_since_years_of_landmark_formulations(ccp):
    since = {e["zh"]: e["since"] for e in ccp["entry"]}
    assert since["四个现代化"] == 1964
    assert since["三个代表"] == 2000
    assert since["科学发展观"] == 2003
    assert since["中国梦"] == 2012
    assert since["四个全面"] == 2014
    assert since["两个确立"] == 2021
    assert since["新质生产力"] == 2023
    assert since["大跃进"] < since["改革开放"] < since["三个代表"] < since["两个确立"]


def test_issue_12_corrections(ccp):
    """The seven wrong entries of the issue 12 review, and the merged pair."""
    by_id = {e["id"]: e for e in ccp["entry"]}
    fix = by_id["standardize-simplify-speed-up"]
    assert fix["zh"] == "规范、精减、提速" and "精简、规范、提速" in fix["zh_variants"]
    assert fix["since"] == 2022 and "10 Nov 2022" in fix["source"]
    assert not any("简便化" in f for e in ccp["entry"] for f in zh_forms(e))
    slows = by_id["three-excesses-three-lesses-three-slows"]
    assert slows["zh"] == "三多、三少、三慢" and slows["since"] == 2022
    modern = by_id["chinese-modernization"]
    assert "中国式的现代化" in zh_forms(modern) and modern["since"] == 1979
    assert "21 Mar 1979" in modern["source"]
    truth = zh_forms(by_id["practice-sole-criterion-of-truth"])
    assert {"以实践作为检验真理的唯一标准", "实践是检验真理唯一标准"} <= set(truth)
    assert "中华民族的伟大复兴" in zh_forms(by_id["great-rejuvenation"])
    assert by_id["mass-line-campaign"]["since"] == 2012
    assert "six-stabilities-six-guarantees" not in by_id
    assert by_id["six-stabilities"]["zh"] == "六稳" and by_id["six-guarantees"]["zh"] == "六保"
    building = by_id["moderately-prosperous-society-in-all-respects-building"]
    completing = by_id["moderately-prosperous-society-in-all-respects"]
    assert building["zh"] == "全面建设小康社会" and building["since"] == 2002
    assert completing["zh"] == "全面建成小康社会" and completing["since"] == 2007
    assert not set(zh_forms(building)) & set(zh_forms(completing))


# English renderings the review found missing: (entry id, rendering)
MISSING_EN = [
    ("two-upholds", "two maintenance"),
    ("two-upholds", "two protections"),
    ("three-stricts-three-earnests", "three strictness and three realities"),
    ("four-comprehensives", "four comprehensive"),
    ("five-sphere-integrated-plan", "five-in-one"),
    ("original-aspiration", "original intention"),
    ("community-with-shared-future", "global community of shared future"),
    ("community-with-shared-future", "community of human destiny"),
    ("three-represents", "three representatives"),
]


@pytest.mark.parametrize(("ident", "rendering"), MISSING_EN)
def test_machine_translation_renderings_present(ccp, ident, rendering):
    entry = next(e for e in ccp["entry"] if e["id"] == ident)
    assert en_key(rendering) in {en_key(f) for f in en_forms(entry)}


def test_categories_are_all_used(ccp):
    used = {e["category"] for e in ccp["entry"]}
    assert used == CATEGORIES
    per = {c: sum(e["category"] == c for e in ccp["entry"]) for c in CATEGORIES}
    assert min(per.values()) >= 10, per


# Formulations of the machine-translated Inner Mongolia report (2023): id, zh, English forms.
SEED = {
    "two-establishments": ("两个确立", ["two establishments"]),
    "two-upholds": ("两个维护", ["two upholds", "two safeguards", "two maintenances"]),
    "five-major-tasks": ("五大任务", ["five major tasks"]),
    "three-norths": ("三北", ["Three Norths", "three norths", "Three-North", "Three North"]),
    "model-autonomous-region": ("模范自治区", ["model autonomous region"]),
    "chinese-modernization": (
        "中国式现代化",
        ["Chinese modernization", "Chinese path to modernization", "Chinese-style modernization"],
    ),
    "sense-of-community-chinese-nation": (
        "中华民族共同体意识",
        [
            "sense of community of the Chinese nation",
            "consciousness of the Chinese nation's community",
            "awareness of the Chinese nation as one community",
        ],
    ),
    "forge-sense-of-community-chinese-nation": (
        "铸牢中华民族共同体意识",
        ["forging the consciousness of the Chinese nation's community"],
    ),
    "three-excesses-three-lesses-three-slows": (
        "三多、三少、三慢",
        ["three excesses, three lesss, and three slows"],
    ),
    "standardize-simplify-speed-up": (
        "规范、精减、提速",
        ["standardizing, streamlining, and speeding up"],
    ),
    "theme-education": ("主题教育", ["theme education"]),
    "two-major-events": ("两件大事", ["two major events"]),
    "common-spiritual-home": ("共有精神家园", ["common spiritual home"]),
    "ecological-security-barrier": (
        "生态安全屏障",
        ["ecological security barrier", "ecological security barriers"],
    ),
}


@pytest.mark.parametrize("ident", sorted(SEED))
def test_seed_formulations_have_their_forms(ccp, ident):
    entry = next(e for e in ccp["entry"] if e["id"] == ident)
    zh, english = SEED[ident]
    assert entry["zh"] == zh
    forms = {en_key(f) for f in en_forms(entry)}
    assert [f for f in english if en_key(f) not in forms] == []


def test_machine_translated_sentences_match(ccp):
    cases = {
        "Officials pledged loyalty to the “two establishments” and to the 'two maintenances'.": {
            "two-establishments",
            "two-upholds",
        },
        "Progress on the Three-North shelterbelt and on the five major tasks was reviewed.": {
            "three-norths",
            "five-major-tasks",
        },
        "The THREE NORTHS project protects the ecological security barriers of the north.": {
            "three-norths",
            "ecological-security-barrier",
        },
        "A model autonomous region on the road of Chinese\u2011style modernization.": {
            "chinese-modernization",
            "model-autonomous-region",
        },
        "Forging the consciousness of the Chinese nation’s community is the main line.": {
            "forge-sense-of-community-chinese-nation",
            "sense-of-community-chinese-nation",
        },
        "Cases of three excesses, three lesss, and three slows were listed in theme education.": {
            "three-excesses-three-lesses-three-slows",
            "theme-education",
        },
    }
    for sentence, expected in cases.items():
        assert expected <= en_hits(ccp, sentence), sentence
    assert "three-norths" not in en_hits(ccp, "the three northern provinces")


def test_traditional_chinese_matches_simplified_forms(ccp):
    by_id = {e["id"]: e for e in ccp["entry"]}
    text = "堅決擁護「兩個確立」、堅決做到「兩個維護」，鑄牢中華民族共同體意識，推進中國式現代化。"
    for ident in (
        "two-establishments",
        "two-upholds",
        "forge-sense-of-community-chinese-nation",
        "chinese-modernization",
    ):
        assert zh_count(by_id[ident], text) == 1, ident
    assert zh_count(by_id["three-norths"], text) == 0


def test_us_lexicon_contents(us):
    by_id = {e["id"]: e for e in us["entry"]}
    required = [
        "new-deal",
        "fair-deal",
        "new-frontier",
        "great-society",
        "war-on-poverty",
        "axis-of-evil",
        "war-on-terror",
        "square-deal",
        "new-freedom",
        "good-neighbor-policy",
        "four-freedoms",
        "cold-war",
        "containment",
        "arsenal-of-democracy",
        "new-federalism",
        "peace-dividend",
        "compassionate-conservatism",
        "thousand-points-of-light",
        "evil-empire",
        "strategic-defense-initiative",
        "war-on-drugs",
        "monroe-doctrine",
        "american-dream",
        "nation-of-immigrants",
        "city-upon-a-hill",
        "era-of-big-government-is-over",
        "build-back-better",
        "make-america-great-again",
        "american-rescue-plan",
        "inflation-reduction-act",
        "affordable-care-act",
        "no-child-left-behind",
        "homeland-security",
    ]
    assert [i for i in required if i not in by_id] == []
    assert "zh" not in {k for e in us["entry"] for k in e}
    assert by_id["new-deal"]["since"] == 1932 and by_id["axis-of-evil"]["since"] == 2002
    hits = en_hits(us, "Obamacare, Star Wars program, and a shining city on a hill.")
    assert hits == {"affordable-care-act", "strategic-defense-initiative", "city-upon-a-hill"}
    assert en_hits(us, "The war on terrorism and the War-on-Poverty.") == {
        "war-on-terror",
        "war-on-poverty",
    }


def test_readme_documents_fields_and_counts(ccp, us):
    readme = (LEXICON_DIR / "README.md").read_text(encoding="utf-8")
    for name in FIELDS - {"note"}:
        assert f"`{name}`" in readme, name
    assert f"| `ccp-formulations.toml` | {len(ccp['entry'])} |" in readme
    assert f"| `us-presidential.toml` | {len(us['entry'])} |" in readme


def test_lexicons_compile_in_the_toolkit_matcher():
    lexicon_mod = pytest.importorskip("toolkit.slogans.lexicon")
    matching = pytest.importorskip("toolkit.slogans.matching")
    for name in ("ccp-formulations", "us-presidential"):
        lex = lexicon_mod.Lexicon.from_file(LEXICON_DIR / f"{name}.toml")
        matcher = matching.Matcher(lex)  # raises if two entries share a normalised form
        assert set(matcher.scripts()) == ({"zh", "en"} if name.startswith("ccp") else {"en"})
    lex = lexicon_mod.Lexicon.from_file(LEXICON_DIR / "ccp-formulations.toml")
    hits = matching.Matcher(lex).find("做到“两个维护”和“两个确立”", "zh")
    assert [lex.entries[i].id for _, _, i in hits] == ["two-upholds", "two-establishments"]


# ---------------------------------------------------------------- checked against the corpora


@pytest.fixture(scope="module")
def both(gwr, cpc):
    import pandas as pd

    import toolkit as tk

    return tk.Corpus(pd.concat([gwr.docs, cpc.docs], ignore_index=True), name="gwr+cpc")


@pytest.mark.shared
def test_since_is_not_later_than_the_first_use_in_the_corpora(both, ccp):
    """A `since` later than the first hit in the Government Work Reports or congress reports is
    a dating error unless the entry's note explains the earlier use (citing its year)."""
    import toolkit as tk

    first = tk.first_appearances(both, "ccp-formulations").set_index("slogan_id")
    unexplained = []
    for e in ccp["entry"]:
        if e["id"] in first.index:
            year = int(first.loc[e["id"], "first_year"])
            if year < e["since"] and str(year) not in e.get("note", ""):
                unexplained.append((e["id"], e["since"], year, first.loc[e["id"], "context"]))
    assert unexplained == []
    assert len(first) >= 0.9 * len(ccp["entry"])  # nearly every entry is attested there


@pytest.mark.shared
def test_lexicon_covers_every_congress_report_and_work_report(gwr, cpc):
    import toolkit as tk

    # (corpus, years, fewest distinct formulations in one report, mean over the reports)
    for corpus, years, minimum, mean in ((cpc, (1982, 2022), 40, 90), (gwr, (1978, 2025), 8, 50)):
        counts = tk.count_slogans(corpus, "ccp-formulations", by="doc_id", rate=None)
        found = counts[counts["count"] > 0].groupby("doc_id")["slogan_id"].nunique()
        ids = corpus.docs.loc[corpus.docs["year"].between(*years), "doc_id"]
        thin = {d: int(found.get(d, 0)) for d in ids if found.get(d, 0) < minimum}
        assert thin == {}, thin
        assert found.reindex(ids).fillna(0).mean() >= mean


@pytest.mark.shared
def test_context_rules_on_the_corpora(gwr, both):
    import toolkit as tk

    lex = tk.load_lexicon("ccp-formulations")
    plain = sum(t.count("两件大事") for t in gwr.texts)
    assert plain >= 5  # generic 1980s uses exist ...
    counted = tk.count_slogans(gwr, lex.select(["two-major-events"]), rate=None)
    assert counted["count"].sum() == 0  # ... and none is Inner Mongolia's formulation
    hits = tk.slogan_matches(both, lex.select(["peaceful-reunification"]), context=12)
    assert (hits["year"] >= 1979).all() and len(hits) >= 100
    assert not hits["left"].str.contains("朝鲜").any()
    steps = tk.slogan_matches(
        both, lex.select(["two-step-strategy-1982", "two-step-strategy-2017"])
    )
    assert not steps["right"].str.startswith("。第一步,实行税利并存").any()
    assert set(steps.loc[steps["year"] >= 2017, "slogan_id"]) == {"two-step-strategy-2017"}


def test_no_entry_repeats_a_form():
    """English matching is case-insensitive, so a variant that differs from another form only in
    case is a repeat; a repeated form would be dropped by a round trip through a Dictionary."""
    for name in ("ccp-formulations", "us-presidential"):
        for e in tk.load_lexicon(name):
            forms = [f.casefold() for f in (e.zh, *e.zh_variants, *e.en, *e.en_variants) if f]
            assert len(forms) == len(set(forms)), (name, e.id)
