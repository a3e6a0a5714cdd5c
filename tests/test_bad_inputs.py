"""The bad-input matrix of issue 17: one parametrised case per problem, files built in a temp
folder; each case says what must load (and how) and what must be reported (and why)."""

from __future__ import annotations

import codecs
import json
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk

GB = "坚持稳中求进工作总基调，推进改革开放。"


def _jsonl(*rows: object) -> bytes:
    return ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode()


# name -> (files {relative path: bytes}, read_corpus options, check(corpus))
CASES: dict[str, tuple[dict[str, bytes], dict, object]] = {}


def case(name: str, files: dict[str, bytes], **options):
    def register(check):
        CASES[name] = (files, options, check)
        return check

    return register


@case("short GB18030 is not Big5", {"a.txt": "改革".encode("gb18030")})
def _(c):
    assert c.docs["text"].tolist() == ["改革"] and c.docs["encoding"].tolist() == ["gb18030"]


@case("UTF-32 with a BOM", {"a.txt": codecs.BOM_UTF32_LE + GB.encode("utf-32-le")})
def _(c):
    assert c.docs["original"].tolist() == [GB] and c.docs["encoding"].tolist() == ["utf-32"]


@case("Chinese UTF-16 without a BOM", {"a.txt": GB.encode("utf-16-le")})
def _(c):
    assert c.docs["original"].tolist() == [GB] and c.docs["encoding"].tolist() == ["utf-16-le"]


@case(
    "Big5-HKSCS",
    {"a.txt": "香港特別行政區政府施政報告。".encode("big5hkscs") + "𨋢".encode("big5hkscs")},
)
def _(c):
    assert c.docs["original"].iloc[0].endswith("𨋢") and c.docs["encoding"].iloc[0] == "big5hkscs"


@case(
    "per-file encoding override",
    {"a.txt": "改革".encode("big5"), "b.txt": "改革".encode("gb18030")},
    encoding={"a.txt": "big5"},
)
def _(c):
    d = c.docs.set_index("doc_id")
    assert d.loc["a", "encoding"] == "big5" and d.loc["a", "encoding_confidence"] == 1.0
    assert d.loc["a", "original"] == "改革" and d.loc["b", "original"] == "改革"


@case(
    "JSONL date null keeps the year", {"r.jsonl": _jsonl({"text": "x", "date": None, "year": 1982})}
)
def _(c):
    assert c.docs["year"].tolist() == [1982] and c.docs["date"].isna().all()


@case("ambiguous date 21-1-1 refused", {"r.csv": b"text,date\nok,2021-01-01\nx,21-1-1\n"})
def _(c):
    assert c.docs["year"].tolist() == [2021]
    assert c.load_report[["reason", "line"]].values.tolist() == [["bad date", 3]]
    assert "ambiguous" in c.load_report["detail"].iloc[0]


@case("year '12' refused", {"r.csv": b"text,year\nok,1912\nx,12\n"})
def _(c):
    assert c.docs["year"].tolist() == [1912] and c.load_report["line"].tolist() == [3]


@case(
    "ids, NA, None and quotes kept as written",
    {"r.csv": b'doc_id,text,country,title\n007,"He said ""hi""",NA,None\n'},
)
def _(c):
    d = c.docs.iloc[0]
    assert (d["doc_id"], d["country"], d["title"]) == ("007", "NA", "None")
    assert d["original"] == 'He said "hi"'


@case(
    "TSV quotes inside text kept",
    {"r.tsv": b'text\tyear\n"Two establishments" were studied\t2023\nsay "x" now\t2024\n'},
)
def _(c):
    assert c.docs["original"].tolist() == ['"Two establishments" were studied', 'say "x" now']


@case(
    "user language column kept",
    {"r.jsonl": _jsonl({"text": "改革", "language": "zh-Hant"}, {"text": "Reform"})},
)
def _(c):
    assert c.docs["language"].tolist() == ["zh-Hant", "en"]


@case(
    "date and year columns never erase each other",
    {"r.csv": b"text,date,year\na,2001-05-01,2001\nb,,1999\nc,2003-01-02,\nd,2004-01-01,2005\n"},
)
def _(c):
    assert c.docs["year"].tolist() == [2001, 1999, 2003]
    assert c.docs["date"].notna().tolist() == [True, False, True]
    assert (
        c.load_report["reason"].tolist() == ["bad date"]
        and "disagree" in c.load_report["detail"].iloc[0]
    )


@case(
    "GB18030 report with 4-byte characters",
    {"r.txt": ("一九五七年" + "𠀀㐀€" + GB * 50).encode("gb18030")},
)
def _(c):
    assert c.docs["encoding"].tolist() == ["gb18030"] and "𠀀" in c.docs["original"].iloc[0]


@case(
    "JSONL with raw line separators inside strings",
    {"r.jsonl": '{"text": "中\u2028文\u2029段\x85落"}\n{"text": "二"}\n'.encode()},
)
def _(c):
    assert len(c) == 2 and "\u2028" in c.docs["original"].iloc[0]


@case("one ragged CSV row", {"r.csv": b"text,year\na,2001\nb,2002,extra\nc,2003\n"})
def _(c):
    assert c.docs["year"].tolist() == [2001, 2003]
    assert c.load_report[["reason", "line"]].values.tolist() == [["ragged row", 3]]


@case("one unterminated quote", {"r.csv": b'text,year\na,2001\n"b,2002\nc,2003\n'})
def _(c):
    assert c.load_report[["reason", "line"]].values.tolist() == [["malformed row", 3]]
    assert c.docs["year"].tolist() == [2001, 2003]


@case(
    "one stray CSV quote after a quoted field", {"r.csv": b'text,year\na,2001\n"b"x,2002\nc,2003\n'}
)
def _(c):
    assert c.docs["year"].tolist() == [2001, 2003] and c.load_report["line"].tolist() == [3]


@case("plain text starting 'Date of'", {"a.txt": b"Date of the meeting: not recorded.\n\nBody."})
def _(c):
    assert c.docs["format"].tolist() == ["text"] and c.docs["original"].iloc[0].startswith(
        "Date of"
    )


@case("JSONL lines that are not objects", {"r.jsonl": b'{"text": "a"}\n[1, 2]\n"s"\n3\n'})
def _(c):
    assert len(c) == 1 and c.load_report["reason"].tolist() == ["not an object"] * 3
    assert c.load_report["line"].tolist() == [2, 3, 4]


@case(
    "auto-suffixed duplicate ids do not collide",
    {
        "r.jsonl": _jsonl(
            {"doc_id": "x", "text": "a"},
            {"doc_id": "x", "text": "b"},
            {"doc_id": "x#1", "text": "c"},
        )
    },
)
def _(c):
    assert c.doc_ids == ["x", "x#2", "x#1"]


@case("bad JSON line reported, others load", {"r.jsonl": b'{"text": "a"}\n{bad\n{"text": "c"}\n'})
def _(c):
    assert len(c) == 2 and c.load_report[["reason", "line"]].values.tolist() == [
        ["invalid JSON", 2]
    ]


@case("text that is not a string", {"r.jsonl": _jsonl({"text": 5}, {"text": "ok"})})
def _(c):
    assert len(c) == 1 and "int" in c.load_report["detail"].iloc[0]


@case("missing text field", {"r.csv": b"content2,year\na,2001\n"})
def _(c):
    raise AssertionError("unreachable: nothing loads")  # pragma: no cover


@case("empty and blank files", {"empty.txt": b"", "blank.txt": b" \n\n", "ok.txt": b"Text."})
def _(c):
    assert sorted(c.load_report["reason"]) == ["empty", "empty"] and len(c) == 1


@case("binary file", {"x.bin": bytes(range(256)) * 4, "ok.txt": b"Text."})
def _(c):
    assert c.load_report["reason"].tolist() == ["binary"]


@case("header-only table", {"r.csv": b"text,year\n", "ok.txt": b"Text."})
def _(c):
    assert c.load_report["reason"].tolist() == ["empty"]


def _write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(name, tmp_path, recwarn):
    files, options, check = CASES[name]
    _write(tmp_path, files)
    if name == "missing text field":
        with pytest.raises(tk.LoadError, match="no text field"):
            tk.read_corpus(tmp_path, **options)
        return
    c = tk.read_corpus(tmp_path, **options)
    check(c)
    counts = c.info["load_counts"]
    assert counts["units"] == counts["loaded"] + counts["reported"]
    assert counts["loaded"] == len(c) and counts["reported"] == len(c.load_report)


# ----------------------------------------------------------------------------- file system
def test_symlinks_followed_once_loops_and_dangling_links_reported(tmp_path):
    root = tmp_path / "corpus"
    (root / "real").mkdir(parents=True)
    (root / "real" / "a.txt").write_text("Alpha.")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "b.txt").write_text("Beta.")
    os.symlink(tmp_path / "outside", root / "linked")  # a symlinked subfolder is read
    os.symlink(root, root / "real" / "loop")  # a loop
    os.symlink(root / "real", root / "again")  # the same folder a second time
    os.symlink(tmp_path / "gone.txt", root / "dangling.txt")
    with pytest.warns(UserWarning):
        c = tk.read_corpus(root)
    assert sorted(c.doc_ids) == ["linked/b", "real/a"]
    reasons = dict(
        zip(
            c.load_report["path"].map(lambda p: p.split("corpus/")[1]),
            c.load_report["reason"],
            strict=True,
        )
    )
    assert reasons == {
        "again": "duplicate folder",
        "dangling.txt": "dangling symlink",
        "real/loop": "symlink loop",
    }
    assert c.info["load_counts"]["units"] == 5


def test_unreadable_folder_and_file_reported(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("X.")
    (tmp_path / "ok.txt").write_text("Fine.")
    (tmp_path / "secret.txt").write_text("S.")
    real_scandir = os.scandir

    def scandir(path):  # root can read everything: simulate permissions
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.warns(UserWarning):
        c = tk.read_corpus(tmp_path)
    assert c.doc_ids == ["ok"]
    assert sorted(c.load_report["reason"]) == ["unreadable", "unreadable folder"]


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_non_utf8_file_names_load(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/" + "政府工作报告1957".encode("gbk") + b".txt"
    with open(raw, "wb") as fh:
        fh.write("一九五七年的报告。".encode("gb18030"))
    (tmp_path / "ok.txt").write_text("Fine.")
    c = tk.read_corpus(tmp_path)
    assert sorted(c.doc_ids) == ["ok", "政府工作报告1957"]
    assert any(s.endswith("政府工作报告1957.txt") for s in c.docs["source"])
    c.docs.to_parquet(tmp_path / "docs.parquet")  # every string is valid UTF-8


def test_strict_names_the_row(tmp_path):
    (tmp_path / "r.csv").write_bytes(b"text,year\na,2001\nb,2002,x\n")
    with pytest.raises(tk.LoadError, match=r"r\.csv:3: ragged row"):
        tk.read_corpus(tmp_path / "r.csv", strict=True)


def test_low_confidence_warns(tmp_path):
    (tmp_path / "a.txt").write_bytes("氢武".encode("utf-16-be"))
    with pytest.warns(tk.ToolkitWarning, match="low confidence"):
        c = tk.read_corpus(tmp_path)
    assert c.docs["encoding_confidence"].iloc[0] < 0.9


def test_cp1252_english_with_smart_quotes(tmp_path):
    (tmp_path / "a.txt").write_bytes("The “two establishments” — café.".encode("cp1252"))
    d = tk.read_corpus(tmp_path).docs
    assert d["encoding"].iloc[0] == "cp1252" and d["original"].iloc[0].endswith("café.")


def test_dates_from_dataframe_like_values(tmp_path):
    pd.DataFrame(
        {"text": ["a", "b"], "date": pd.to_datetime(["2024-03-05T10:00+08:00"] * 2)}
    ).to_parquet(tmp_path / "t.parquet")
    d = tk.read_corpus(tmp_path / "t.parquet").docs
    assert d["year"].tolist() == [2024, 2024]


# ----------------------------------------------------------------------------- from_dataframe
def test_from_dataframe_keeps_a_language_column_and_uses_it():
    df = pd.DataFrame(
        {"text": ["坚持改革", "Reform now", "坚持改革"], "language": ["zh-Hant", "en-GB", None]}
    )
    c = tk.Corpus.from_dataframe(df)
    assert c.docs["language"].tolist() == ["zh-Hant", "en-GB", "zh"]
    # zh-Hant is tokenized, matched and counted as Chinese
    assert tk.tokens(c)[0] == ["坚持", "改革"] == tk.tokens(c)[2]
    assert tk.kwic(c, "改革")["doc_id"].tolist() == ["doc1", "doc3"]


def test_from_dataframe_with_its_own_doc_id_column():
    df = pd.DataFrame({"doc_id": ["a", "007"], "text": ["x", "y"]})
    assert tk.Corpus.from_dataframe(df).doc_ids == ["a", "007"]
    assert tk.Corpus.from_dataframe(df, doc_id="doc_id").doc_ids == ["a", "007"]


@pytest.mark.parametrize(
    "values",
    [
        pd.to_datetime(["2020-01-01T23:30+08:00", "2021-06-01T00:00+08:00"]),  # tz-aware
        [  # datetime objects with different time zones (an object column)
            datetime(2020, 1, 1, 23, 30, tzinfo=timezone(timedelta(hours=8))),
            datetime(2021, 6, 1, tzinfo=timezone(timedelta(hours=-5))),
        ],
        pd.to_datetime(["2020-01-01 23:30", "2021-06-01 00:00"]),
        ["2020-01-01", "2021-06-01"],
    ],
)
def test_from_dataframe_dates_mapped_or_not(values):
    df = pd.DataFrame({"text": ["x", "y"], "when": values})
    c = tk.Corpus.from_dataframe(df, date="when")
    assert c.docs["year"].tolist() == [2020, 2021]  # the local date as written
    assert c.docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2020-01-01", "2021-06-01"]
    unmapped = tk.Corpus.from_dataframe(df)  # an unmapped date column is metadata
    assert unmapped.docs["year"].isna().all() and len(unmapped.docs["when"]) == 2
    tz = tk.Corpus.from_dataframe(df.rename(columns={"when": "date"}))  # found by name
    assert tz.docs["year"].tolist() == [2020, 2021]


# ----------------------------------------------------------------------------- matching
@pytest.mark.parametrize("sep", ["\u2028", "\x85", "\x0b", "\x0c", "\r\n", "\r", "\n"])
def test_formulation_split_by_a_line_separator_is_found(sep):
    c = tk.Corpus.from_texts(["坚决做到两个" + sep + "维护。", "the two" + sep + "upholds"])
    lex = {"tu": {"zh": "两个维护", "en": ["two upholds"]}}
    counts = tk.count_slogans(c, lex, by="doc_id", rate=None)["count"].tolist()
    assert counts == [1, 1]
    assert len(tk.kwic(c, "两个维护")) == 1 and len(tk.kwic(c, "two upholds")) == 1


def test_paragraph_separator_is_a_paragraph_break():
    # U+2029 is a paragraph break (like a blank line): a Chinese formulation does not span it
    c = tk.Corpus.from_texts(["坚决做到两个\u2029维护。"])
    assert c.texts == ["坚决做到两个\n\n维护。"]
    assert tk.count_slogans(c, {"tu": "两个维护"}, rate=None)["count"].tolist() == [0]


def test_control_character_never_makes_an_empty_token():
    toks = tk.tokens(["\x00㐀"], remove_punct=False)
    assert toks.to_lists() == [["㐀"]] and "" not in toks.vocab.tolist()
