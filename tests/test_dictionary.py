"""tk.Dictionary: nested categories of glob/regex/fixed patterns and their file formats.

Where the format overlaps with quanteda's, the tests reproduce what quanteda's own tests expect;
references are to quanteda/quanteda ``tests/testthat/test-dictionaries.R`` (commit 03b62077,
line of the ``test_that`` block), its fixtures in ``tests/data/dictionaries/`` and the readers
in ``R/dictionaries.R``. Every file is written by the test into ``tmp_path``.
"""

from __future__ import annotations

import json
import pickle
import warnings
from pathlib import Path

import pytest

from toolkit.errors import (
    ArgumentError,
    FileMissingError,
    InputError,
    LexiconError,
    ToolkitWarning,
    UnknownNameError,
)
from toolkit.slogans import Lexicon, load_lexicon
from toolkit.slogans._dictionary import lexicon_from_dictionary
from toolkit.tokenized.dictionary import Dictionary

MARY = {"A CATEGORY": ["more", "lamb", "little"], "ANOTHER CATEGORY": ["had", "mary"]}
BILINGUAL = {
    "ideology": {"two-establishments": ["两个确立"], "common-prosperity": ["共同富裕*"]},
    "economy": ["econom*", "common prosperity", "tax?"],
}


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# ---------------------------------------------------------------------- the object
def test_flat_view_keys_values_and_container_protocol():
    d = Dictionary(BILINGUAL, name="demo")
    assert d.keys == ["ideology", "economy"]
    assert list(d) == ["ideology.two-establishments", "ideology.common-prosperity", "economy"]
    assert len(d) == 3 and d.depth == 2
    assert d["ideology.common-prosperity"] == ("共同富裕*",)
    assert d["economy"] == ("econom*", "common prosperity", "tax?")
    assert d.values == ("两个确立", "共同富裕*", "econom*", "common prosperity", "tax?")
    assert "economy" in d and "ideology" not in d and 3 not in d
    assert repr(d) == "<Dictionary 'demo': 2 top-level keys, 3 categories, 5 values>"
    assert repr(Dictionary({"a": "x"}, kind="fixed")) == (
        "<Dictionary (fixed): 1 top-level key, 1 category, 1 value>"
    )
    with pytest.raises(UnknownNameError, match="'ideology' is a parent key"):
        d["ideology"]
    with pytest.raises(UnknownNameError, match="no category 'war'.*economy"):
        d["war"]


def test_immutable_and_equality_ignores_name_not_kind():
    d = Dictionary(MARY, name="mary")
    with pytest.raises(AttributeError):
        d.name = "other"  # type: ignore[misc]
    view = d.categories()
    view["A CATEGORY"] = ("changed",)
    assert d["A CATEGORY"] == ("more", "lamb", "little")
    assert d == Dictionary(MARY) and hash(d) == hash(Dictionary(MARY))
    assert d != Dictionary(MARY, kind="fixed")
    assert d != Dictionary({**MARY, "ANOTHER CATEGORY": ["mary", "had"]})  # value order counts


def test_levels_reproduce_quanteda_as_list():
    """test-dictionaries.R l.232 'as.list is working': flatten joins levels with '.';
    levels = 1 gathers the subkeys' values into their parent; levels = 2 keeps only the
    second level, so top-level leaves drop out. quanteda keeps the repeated 'f' in top3
    (c("e", "f", "f", "h")); a category here holds each pattern once."""
    lis = {"top1": ["a", "b"], "top2": ["c", "d"], "top3": {"sub1": ["e", "f"], "sub2": ["f", "h"]}}
    d = Dictionary(lis)
    assert d.to_dict() == lis
    assert d.categories() == {
        "top1": ("a", "b"),
        "top2": ("c", "d"),
        "top3.sub1": ("e", "f"),
        "top3.sub2": ("f", "h"),
    }
    assert d.categories(levels=1) == {
        "top1": ("a", "b"),
        "top2": ("c", "d"),
        "top3": ("e", "f", "h"),
    }
    assert d.categories(levels=2) == {"sub1": ("e", "f"), "sub2": ("f", "h")}
    assert d.categories(levels=(1, 2)) == d.categories()
    deep = Dictionary({"a": {"b": {"c": ["x"]}, "d": ["y"]}})
    assert deep.categories(levels=(1, 3)) == {"a.c": ("x",), "a": ("y",)}
    for bad in (0, -1, "1", [], True, 1.5):
        with pytest.raises(ArgumentError, match="levels"):
            d.categories(levels=bad)


def test_a_key_with_patterns_and_subkeys_in_both_quanteda_spellings():
    """quanteda's YAML lets a key hold patterns and subkeys: a list whose items are strings
    or mappings (R/dictionaries.R, list2dictionary / merge_dictionary_values), or a nested ''
    key for the node's own patterns (fixture tests/data/dictionaries/newsmap2.yml)."""
    as_list = Dictionary({"US": ["Washington DC", {"MA": "Boston", "CA": ["Sacramento"]}]})
    as_empty_key = Dictionary({"US": {"MA": "Boston", "CA": "Sacramento", "": "Washington DC"}})
    assert as_list == as_empty_key
    assert list(as_list) == ["US", "US.MA", "US.CA"]
    assert as_list.categories(levels=1) == {"US": ("Washington DC", "Boston", "Sacramento")}
    assert as_list.to_dict() == {"US": ["Washington DC", {"MA": ["Boston"], "CA": ["Sacramento"]}]}


def test_a_key_with_patterns_and_subkeys_in_yaml_files(tmp_path):
    listed = "US:\n  - Washington DC\n  - MA: Boston\n    CA: [Sacramento]\n"
    empty_key = "US:\n  MA: Boston\n  CA: Sacramento\n  '': Washington DC\n"
    one = Dictionary.from_file(_write(tmp_path / "one.yml", listed))
    assert one == Dictionary.from_file(_write(tmp_path / "two.yml", empty_key))
    assert Dictionary.from_file(one.to_file(tmp_path / "three.yml")) == one


def test_values_are_cleaned_as_quanteda():
    """test-dictionaries.R l.446 'dictionary constructor clean values': values are trimmed and
    a value repeated under one key is kept once; inner whitespace of a phrase collapses."""
    assert Dictionary({"A": ["aa  ", "  aaa  "]}) == Dictionary({"A": ["aa", "aaa"]})
    assert Dictionary({"B": ["b", "bb", "bb"]}) == Dictionary({"B": ["b", "bb"]})
    assert Dictionary({"cp": ["common \t prosperity"]})["cp"] == ("common prosperity",)


def test_empty_categories_are_kept():
    """test-dictionaries.R l.476 'dictionary allows empty keys'."""
    d = Dictionary({"A": "a", "B": {}, "C": []})
    assert d.keys == ["A", "B", "C"] and d["B"] == () and d["C"] == ()


def test_merge_combines_same_keys_as_quanteda_c():
    """test-dictionaries.R l.434 'combine method is working with dictionary objects'."""
    d1, d2, d3 = (
        Dictionary({"A": ["aa", "aaa"]}, name="one"),
        Dictionary({"B": ["b", "bb"]}),
        Dictionary({"A": ["aaaa", "aaaaa"]}),
    )
    assert d1 + d2 == Dictionary({"A": ["aa", "aaa"], "B": ["b", "bb"]})
    assert d1 + d2 + d3 == Dictionary({"A": ["aa", "aaa", "aaaa", "aaaaa"], "B": ["b", "bb"]})
    nested = Dictionary({"x": {"y": ["1"]}}) + Dictionary({"x": ["2", {"z": ["3"]}]})
    assert nested.to_dict() == {"x": ["2", {"y": ["1"], "z": ["3"]}]}
    assert (d1 + d2).name == "one"
    with pytest.raises(ArgumentError, match="one kind per dictionary"):
        d1.merge(Dictionary({"A": ["a"]}, kind="regex"))
    with pytest.raises(InputError):
        d1.merge({"A": ["a"]})  # type: ignore[arg-type]


def test_select_remove_flatten():
    d = Dictionary({"a": ["x"], "b": {"c": ["y"], "d": {"e": ["z"]}}}, name="n")
    assert d.select("b.c").to_dict() == {"b": {"c": ["y"]}}
    assert d.select(["b", "a"]) == d  # original order, subtrees whole
    assert d.select("b.d.e").categories() == {"b.d.e": ("z",)}
    assert d.remove("b").to_dict() == {"a": ["x"]}
    assert d.remove(["b.c", "b.d.e"]).to_dict() == {"a": ["x"]}  # emptied parents go
    assert d.remove("b.d").to_dict() == {"a": ["x"], "b": {"c": ["y"]}}
    flat = d.flatten()
    assert flat.depth == 1 and flat.keys == ["a", "b.c", "b.d.e"] and flat.name == "n"
    assert flat["b.d.e"] == ("z",)  # a '.' is allowed in one-level keys
    assert d.flatten(levels=1).to_dict() == {"a": ["x"], "b": ["y", "z"]}
    with pytest.raises(UnknownNameError, match=r"no key \['b.x'\]"):
        d.select(["b.x"])
    with pytest.raises(InputError):
        d.remove([1])  # type: ignore[list-item]


def test_to_frame_is_tidy():
    frame = Dictionary(
        {"econ": ["econom*", "tax*"], "zh": {"cp": ["共同富裕"], "none": []}}
    ).to_frame()
    assert list(frame.columns) == ["category", "level", "pattern"]
    assert frame[["category", "level"]].values.tolist() == [
        ["econ", 1], ["econ", 1], ["zh.cp", 2], ["zh.none", 2],
    ]  # fmt: skip
    assert frame["pattern"].tolist()[:3] == ["econom*", "tax*", "共同富裕"]
    assert frame["pattern"].isna().tolist() == [False, False, False, True]
    by_top = Dictionary({"zh": {"cp": ["共同富裕"], "two": ["两个确立"]}}).to_frame(levels=1)
    assert by_top.values.tolist() == [["zh", 1, "共同富裕"], ["zh", 1, "两个确立"]]


def test_chinese_english_and_regex_values():
    glob = Dictionary(BILINGUAL)
    assert glob.kind == "glob" and "共同富裕*" in glob.values and "econom*" in glob.values
    regex = Dictionary(
        {
            "economy": [r"^econom(y|ic|ics)$", r"^tax(es|ation)?$"],
            "zh": [r"^共同富裕", r"两个(确立|维护)"],
        },
        kind="regex",
    )
    assert regex.kind == "regex" and regex["zh"] == ("^共同富裕", "两个(确立|维护)")
    assert Dictionary({"lit": ["[tax]", "a.b"]}, kind="fixed")["lit"] == ("[tax]", "a.b")


# ---------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("mapping", "kind", "message"),
    [
        # test-dictionaries.R l.15 'dictionary constructors fail if a value is numeric'
        (
            {"first": ["a", "b"], "second": 2016},
            "glob",
            r"key 'second': value 2016 is not a string",
        ),
        ({"first": ["a", "b"], "second": ["c", None]}, "glob", r"key 'second': value None"),
        # test-dictionaries.R l.1 'dictionary constructors fail if all elements unnamed'
        ({"first": ["a", "b"], "": ["c"]}, "glob", "empty key under the top level"),
        ({"a": {" ": ["c"]}}, "glob", "empty key under key 'a'"),
        ({"a": {1: ["c"]}}, "glob", "key 1 under key 'a' is not a string"),
        ({"a": {"b": ["x"]}, "c.d": {"e": ["y"]}}, "glob", r"key 'c.d'.*cannot contain '\.'"),
        ({"a": {"b.c": ["x"]}}, "glob", r"key 'a.b.c'.*cannot contain"),
        ({"econ": ["econom*", "  "]}, "glob", "key 'econ': empty pattern"),
        ({"econ": ["econom*", ["nested", "list"]]}, "glob", "is not a string \\(list\\)"),
        ({"econ": None}, "glob", "key 'econ' has no value; write \\[\\] for an empty category"),
        ({"econ": ["econom(y"]}, "regex", r"key 'econ': invalid regular expression 'econom\(y'"),
        ({"a": ["x", {"b": ["y"]}, {"b": ["z"]}]}, "glob", "key 'a.b' appears twice"),
        ({"a": {"": ["x"], "b": ["y"]}, "z": ["w"]}, "glob", None),  # valid: '' nested
    ],
)
def test_invalid_dictionaries_name_the_key_and_value(mapping, kind, message):
    if message is None:
        Dictionary(mapping, kind=kind)
        return
    with pytest.raises(LexiconError, match=message):
        Dictionary(mapping, kind=kind)


def test_invalid_arguments():
    with pytest.raises(ArgumentError, match="kind must be one of glob, regex, fixed"):
        Dictionary(MARY, kind="fnmatch")
    with pytest.raises(InputError, match="Dictionary.from_file"):
        Dictionary("mary.yml")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        Dictionary([("a", ["b"])])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="already a Dictionary"):
        Dictionary(Dictionary(MARY))  # type: ignore[arg-type]


def test_pickles():
    d = Dictionary(BILINGUAL, kind="fixed", name="bi")
    again = pickle.loads(pickle.dumps(d))
    assert again == d and again.name == "bi" and again.kind == "fixed"


# ---------------------------------------------------------------------- YAML and JSON
def test_yaml_reads_quanteda_mary(tmp_path):
    """test-dictionaries.R l.42 'dictionary constructor works with YAML format': the flow-style
    YAML of tests/data/dictionaries/mary.yml gives the same dictionary as the list."""
    path = _write(
        tmp_path / "mary.yml", "A CATEGORY: [more, lamb, little]\nANOTHER CATEGORY: [had, mary]\n"
    )
    d = Dictionary.from_file(path)
    assert d == Dictionary(MARY) and d.name == "mary"


def test_yaml_writes_quanteda_as_yaml(tmp_path):
    """test-dictionaries.R l.63 'as.yaml is working': the exact text of quanteda's as.yaml."""
    path = Dictionary(MARY).to_file(tmp_path / "mary.yaml")
    assert path.read_text(encoding="utf-8") == (
        "A CATEGORY:\n  - more\n  - lamb\n  - little\nANOTHER CATEGORY:\n  - had\n  - mary\n"
    )


@pytest.mark.parametrize("suffix", [".yml", ".yaml", ".json"])
@pytest.mark.parametrize("kind", ["glob", "regex", "fixed"])
def test_yaml_and_json_round_trip(tmp_path, suffix, kind):
    patterns = {"glob": ["共同富裕*", "econom*"], "regex": ["^共同富裕", r"^econom\w*$"]}
    mapping = {
        "ideology": [
            "两个确立",
            {"prosperity": patterns.get(kind, ["共同富裕", "common prosperity"])},
        ],
        "words": ["no", "yes", "on", "off", "2020", "common prosperity"]
        + (["*ing", "[tax]"] if kind != "regex" else []),
        "empty": [],
    }
    d = Dictionary(mapping, kind=kind, name="bi")
    path = d.to_file(tmp_path / f"bi{suffix}")
    text = path.read_text(encoding="utf-8")
    assert "两个确立" in text and "\\u" not in text  # Chinese stays readable
    assert Dictionary.from_file(path, kind=kind) == d


def test_yaml_yes_no_on_off_are_words_but_numbers_and_true_fail(tmp_path):
    """Words such as 'no' are common dictionary values (negations); they read as YAML 1.2 does
    (strings), while unquoted numbers and true/false are not patterns and fail with file and key."""
    path = _write(tmp_path / "neg.yml", "negate: [no, not, never, off]\nassent: [yes, on]\n")
    assert Dictionary.from_file(path)["negate"] == ("no", "not", "never", "off")
    bad = _write(tmp_path / "bad.yml", "ok: [a]\nyears:\n  - 1949\n")
    with pytest.raises(LexiconError, match=r"bad\.yml: key 'years': value 1949 is not a string"):
        Dictionary.from_file(bad)
    flag = _write(tmp_path / "flag.yml", "ok:\n  sub: [true]\n")
    with pytest.raises(LexiconError, match=r"flag\.yml: key 'ok.sub': value True"):
        Dictionary.from_file(flag)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "list.yml",
            "- econom*\n- tax*\n",
            r"list\.yml: expected a mapping.*not a list.*'econom\*'",
        ),
        (
            "n.json",
            '{"economy": ["econom*", 3]}',
            r"n\.json: key 'economy': value 3 is not a string",
        ),
        (
            "dup.yml",
            "economy:\n  - econom*\nwar: [war]\neconomy: [tax*]\n",
            r"dup\.yml: line 4: key 'economy' appears twice",
        ),
        ("dup2.yml", "a:\n  b: [x]\n  b: [y]\n", r"dup2\.yml: line 3: key 'b' appears twice"),
        ("dup.json", '{"a": {"b": ["x"], "b": ["y"]}}', r"dup\.json: key 'b' appears twice"),
        ("empty.yml", "# nothing\n", r"empty\.yml: the file is empty"),
        ("broken.json", '{"a": [', r"broken\.json: not valid JSON"),
        ("broken.yml", "a: [b\n", r"broken\.yml: not valid YAML"),
        (
            "alias.yml",
            "a:\n  - *ing\n",
            r"alias\.yml: not valid YAML.*quote patterns that start with '\*'",
        ),
        (
            "mary.cat",
            "A\n",
            r"mary\.cat: unsupported suffix '\.cat'; use one of \.yml, \.yaml, \.json, \.dic",
        ),
    ],
)
def test_file_errors_name_the_file_and_key(tmp_path, name, text, message):
    with pytest.raises(LexiconError, match=message):
        Dictionary.from_file(_write(tmp_path / name, text))


def test_missing_file_unsupported_suffix_and_encodings(tmp_path):
    with pytest.raises(FileMissingError, match="nowhere.yml not found"):
        Dictionary.from_file(tmp_path / "nowhere.yml")
    with pytest.raises(LexiconError, match=r"use one of \.yml"):
        Dictionary(MARY).to_file(tmp_path / "mary.txt")
    latin = tmp_path / "latin.yml"
    latin.write_bytes("k: [caf\u00e9]\n".encode("cp1252"))
    with pytest.raises(LexiconError, match="not utf-8 text"):
        Dictionary.from_file(latin)
    assert Dictionary.from_file(latin, encoding="cp1252")["k"] == ("caf\u00e9",)
    with pytest.raises(ArgumentError, match="unknown encoding"):
        Dictionary.from_file(latin, encoding="no-such-codec")


def test_utf8_bom_is_skipped_in_yaml_and_json(tmp_path):
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps({"a": ["b"]}).encode())
    (tmp_path / "bom.yml").write_bytes("\ufeffa: [b]\r\n".encode())
    assert Dictionary.from_file(tmp_path / "bom.json") == Dictionary.from_file(tmp_path / "bom.yml")


# ---------------------------------------------------------------------- LIWC .dic
MARY_DIC = "%\n01\tA category\n02\tAnother category\n%\n" + (
    "\nmore\t01\nlamb\t01\nlittle\t01\n\nhad\t02\nmary\t02\n"
)


def test_liwc_reads_quanteda_mary(tmp_path):
    """test-dictionaries.R l.47 'dictionary constructor works with LIWC format', on the text of
    tests/data/dictionaries/mary.dic (zero-padded numbers, blank lines). quanteda sorts the
    words (c("lamb", "little", "more")); they keep the file's order here."""
    d = Dictionary.from_file(_write(tmp_path / "mary.dic", MARY_DIC))
    assert d == Dictionary(
        {"A category": ["more", "lamb", "little"], "Another category": ["had", "mary"]}
    )


@pytest.mark.parametrize(
    ("body", "another"),
    [
        # l.287 'w/doubled terms': a word on two lines belongs to both categories
        (
            "more\t01\nlamb\t01\nlittle\t01\nhad\t02\nlittle\t02\nmary\t02\n",
            ("had", "little", "mary"),
        ),
        # l.295 'zero padding': 1, 01 and 001 are the same category
        ("more\t1\nlamb\t01\nlittle\t001\t2\nhad\t02\nmary\t2\n", ("little", "had", "mary")),
        # l.310 'w/multiple tabs, spaces, etc'
        (
            "more\t\t01\nlamb  01\nlittle\t \t01 \t 02\nhad \t02\nmary 2\t\n",
            ("little", "had", "mary"),
        ),
    ],
)
def test_liwc_doubled_terms_zero_padding_and_separators_as_quanteda(tmp_path, body, another):
    text = "%\n1\tA_CATEGORY\n2\tANOTHER_CATEGORY\n%\n" + body
    d = Dictionary.from_file(_write(tmp_path / "mary.dic", text))
    assert d.categories() == {"A_CATEGORY": ("more", "lamb", "little"), "ANOTHER_CATEGORY": another}


# Every oddity of real LIWC files in one sample: UTF-8 BOM, CRLF, blank lines, a LIWC2015-style
# tab-indented hierarchy, a header separated by spaces with a two-word name, a category no word
# uses, zero-padded numbers, several tabs, a word on two lines, multi-word entries (with and
# without a tab), LIWC2007 conditional codes and an <of> tag, a word without numbers, a code
# that is not a number.
ODD_DIC = (
    "\ufeff%\r\n"
    "1\tfunct\r\n"
    "\t2\tpronoun\r\n"
    "\t\t3\ti\r\n"
    "\t4\tarticle\r\n"
    "10\tposemo\r\n"
    "11\tfiller\r\n"
    "12 social words\r\n"
    "%\r\n"
    "\r\n"
    "a\t1\t4\r\n"  # line 11
    "i\t03\r\n"
    "me   3\r\n"
    "love\t\t10\t\t12\r\n"
    "good*\t10\r\n"
    "good*\t12\r\n"
    "kind of\t1\r\n"
    "you know 1 12\r\n"
    "like\t(02 134)10/12\r\n"  # line 19
    "kind\t<of>1/10\r\n"  # line 20
    "orphan\r\n"  # line 21
    "x\t1a\r\n"  # line 22
    "\r\n"
)


def test_liwc_oddities_are_loaded_or_reported(tmp_path):
    """Count in = loaded + reported: 12 word lines, 8 loaded, 4 listed in one warning.
    The hierarchy nests as quanteda's read_dict_liwc / nest_dictionary do (R/dictionaries.R);
    lines it drops or half-reads (its notes on '<of>' tags and parenthetical codes,
    test-dictionaries.R l.318) are reported here by line number and not loaded."""
    path = _write(tmp_path / "odd.dic", ODD_DIC)
    with pytest.warns(ToolkitWarning) as caught:
        d = Dictionary.from_file(path)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert message.startswith(f"{path}: 4 line(s) not loaded: conditional category codes")
    assert "at lines 19, 20;" in message
    assert "no category number after the word at line 21" in message
    assert "category codes that are not numbers at line 22" in message
    assert d.to_dict() == {
        "funct": ["a", "kind of", "you know", {"pronoun": {"i": ["i", "me"]}, "article": ["a"]}],
        "posemo": ["love", "good*"],
        "filler": [],
        "social words": ["love", "good*", "you know"],
    }
    assert d.kind == "glob" and list(d) == [
        "funct", "funct.pronoun.i", "funct.article", "posemo", "filler", "social words",
    ]  # fmt: skip


def test_liwc_clean_file_gives_no_warning(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Dictionary.from_file(_write(tmp_path / "mary.dic", MARY_DIC))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # quanteda notes and ignores undefined categories (l.303); here they stop the read
        (
            MARY_DIC + "lamb\t01\t99\n",
            r"mary\.dic, line 12: 'lamb' has category 99, which the header does not define "
            r"\(header numbers: 1, 2\)",
        ),
        ("%\n1\ta\n1\tb\n%\nx\t1\n", r"line 3: category number 1 is defined twice"),
        ("%\n1\ta\n2\ta\n%\nx\t1\n", r"line 3: category 'a' appears twice at one level"),
        ("%\n1\ta\nb\n%\nx\t1\n", r"line 3: header line 'b' is not '<number><TAB><category>'"),
        ("1\ta\n%\nx\t1\n", r"not a LIWC \.dic file.*\(1 found\)"),
        ("junk\n%\n1\ta\n%\nx\t1\n", r"line 1: text before the first '%' line"),
        ("%\n1\ta.b\n\t2\tc\n%\nx\t2\n", r"mary\.dic: key 'a\.b'.*cannot contain"),
    ],
)
def test_liwc_errors_name_file_and_line(tmp_path, text, message):
    with pytest.raises(LexiconError, match=message):
        Dictionary.from_file(_write(tmp_path / "mary.dic", text))


def test_liwc_write_round_trip_and_one_level_rule(tmp_path):
    flat = Dictionary(
        {"posemo": ["love", "good*", "kind of"], "social": ["love", "friend*"], "none": []}
    )
    path = flat.to_file(tmp_path / "flat.dic")
    assert path.read_text(encoding="utf-8") == (
        "%\n1\tposemo\n2\tsocial\n3\tnone\n%\nlove\t1\t2\ngood*\t1\nkind of\t1\nfriend*\t2\n"
    )
    assert Dictionary.from_file(path) == flat
    nested = Dictionary(BILINGUAL)
    with pytest.raises(
        LexiconError, match=r"holds one level.*has 2; write dictionary\.flatten\(\)"
    ):
        nested.to_file(tmp_path / "nested.dic")
    flattened = nested.flatten().to_file(tmp_path / "nested.dic")
    assert Dictionary.from_file(flattened) == nested.flatten()
    with pytest.raises(LexiconError, match="not regular expressions"):
        Dictionary({"a": ["^x$"]}, kind="regex").to_file(tmp_path / "re.dic")
    with pytest.raises(LexiconError, match="would read back as a LIWC wildcard"):
        Dictionary({"a": ["x*"]}, kind="fixed").to_file(tmp_path / "fixed.dic")


# ---------------------------------------------------------------------- lexicons
def test_from_lexicon_entry_and_category_levels():
    lex = Lexicon.from_dict(
        {
            "cp": {
                "zh": "共同富裕",
                "en": ["common prosperity"],
                "en_variants": ["shared prosperity"],
                "category": "economy",
            },
            "two": {"zh": "两个确立", "en": ["Two Establishments"], "category": "ideology"},
            "loose": {"en": ["new quality productive forces"]},
        },
        name="mine",
    )
    by_entry = Dictionary.from_lexicon(lex)
    assert by_entry.kind == "fixed" and by_entry.name == "mine"
    assert by_entry.to_dict() == {
        "economy": {"cp": ["共同富裕", "common prosperity", "shared prosperity"]},
        "ideology": {"two": ["两个确立", "Two Establishments"]},
        "loose": ["new quality productive forces"],
    }
    by_category = Dictionary.from_lexicon(lex, levels="category")
    assert list(by_category) == ["economy", "ideology", "loose"]
    assert by_category["economy"] == ("共同富裕", "common prosperity", "shared prosperity")
    with pytest.raises(ArgumentError, match="'entry' or 'category'"):
        Dictionary.from_lexicon(lex, levels=1)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="needs a Lexicon"):
        Dictionary.from_lexicon("ccp-formulations")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="entries with id, category and forms"):
        Dictionary.from_lexicon([1, 2])
    clash = Lexicon.from_dict({"economy": {"en": ["x"]}, "b": {"en": ["y"], "category": "economy"}})
    with pytest.raises(LexiconError, match="'economy' is both a category and an entry id"):
        Dictionary.from_lexicon(clash)


def test_lexicon_round_trip_keeps_ids_forms_and_categories():
    lex = load_lexicon("ccp-formulations")
    dictionary = Dictionary.from_lexicon(lex)
    assert len(dictionary) == len(lex)
    back = lexicon_from_dictionary(dictionary)
    assert back.name == lex.name and sorted(back.ids) == sorted(lex.ids)
    for entry in lex:
        again = back[entry.id]
        assert (again.zh, again.zh_variants, again.category) == (
            entry.zh, entry.zh_variants, entry.category,
        )  # fmt: skip
        assert again.forms == entry.forms
        assert (*again.en, *again.en_variants) == (*entry.en, *entry.en_variants)


def test_lexicon_from_dictionary_splits_languages_and_refuses_patterns():
    d = Dictionary(
        {"top": ["两个确立", "两个维护", "Two Establishments", "two affirmations"],
         "economy": {"reform": ["改革开放", "reform and opening up"]}},
        kind="fixed", name="d",
    )  # fmt: skip
    lex = lexicon_from_dictionary(d, name="mine")
    assert lex.name == "mine" and lex.ids == ["top", "reform"]
    top = lex["top"]
    assert (top.zh, top.zh_variants, top.en, top.en_variants, top.category) == (
        "两个确立", ("两个维护",), ("Two Establishments",), ("two affirmations",), "",
    )  # fmt: skip
    assert lex["reform"].category == "economy"
    assert lexicon_from_dictionary(Dictionary({"a.b": ["x"]})).ids == ["a.b"]  # flat: key is id
    with pytest.raises(LexiconError, match="regular expressions"):
        lexicon_from_dictionary(Dictionary({"a": ["^x"]}, kind="regex"))
    with pytest.raises(LexiconError, match="wildcard pattern '共同富裕\\*'"):
        lexicon_from_dictionary(Dictionary({"cp": ["共同富裕*"]}))
    with pytest.raises(LexiconError, match="'a.x' and 'b.x' would both be entry 'x'"):
        lexicon_from_dictionary(Dictionary({"a": {"x": ["1"]}, "b": {"x": ["2"]}}))
    with pytest.raises(LexiconError, match="key 'e' has no values"):
        lexicon_from_dictionary(Dictionary({"e": []}))
    with pytest.raises(InputError):
        lexicon_from_dictionary({"a": ["x"]})  # type: ignore[arg-type]
