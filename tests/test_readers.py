"""Readers: dated-news format, plain text, tables, encodings, and the load report."""

from __future__ import annotations

import codecs
import json

import pandas as pd
import pytest

import toolkit as tk

NEWS = (
    " date 2024-03-01 Provincial meeting studies the two establishments\n\n"
    "The meeting called on cadres to support the “two establishments”.\n\n"
    "It also discussed the Three-North project."
)


def test_dated_news_header_variants(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(codecs.BOM_UTF8 + b"date 2024-03-02\r\n\r\nNo title here.\r\n")
    (tmp_path / "c.txt").write_text(
        "   date 2024-03-03   Leading spaces title\nBody.", encoding="utf-8"
    )
    c = tk.read_corpus(tmp_path)
    d = c.docs.set_index("doc_id")
    assert d.loc["a", "title"] == "Provincial meeting studies the two establishments"
    assert d.loc["a", "date"] == pd.Timestamp("2024-03-01")
    assert d.loc["b", "title"] == "" and d.loc["b", "encoding"] == "utf-8-sig"
    assert "\r" not in d.loc["b", "text"] and d.loc["b", "text"] == "No title here."
    assert d.loc["c", "title"] == "Leading spaces title"
    assert set(d["format"]) == {"dated-news"}
    assert len(c.load_report) == 0


def test_plain_text_dates_from_file_names(tmp_path):
    (tmp_path / "1790-Washington-1.txt").write_text(
        "Fellow-Citizens of the Senate", encoding="utf-8"
    )
    (tmp_path / "2023-06-14-inner-mongolia.txt").write_text("Meeting held.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "notes.txt").write_text("Undated.", encoding="utf-8")
    d = tk.read_corpus(tmp_path).docs.set_index("doc_id")
    assert d.loc["1790-Washington-1", "year"] == 1790 and pd.isna(
        d.loc["1790-Washington-1", "date"]
    )
    assert d.loc["2023-06-14-inner-mongolia", "date"] == pd.Timestamp("2023-06-14")
    assert pd.isna(d.loc["sub/notes", "year"])


def test_bad_input_folder_every_file_loaded_or_reported(tmp_path):
    files = {
        "gb.txt": " date 2024-01-02 简体\n\n坚持两个确立，做到两个维护。".encode("gb18030"),
        "big5.txt": "我們堅持改革開放，發展經濟。推進現代化建設。".encode("big5"),
        "bom.txt": codecs.BOM_UTF8 + NEWS.encode("utf-8"),
        "utf16.txt": "State of the Union".encode("utf-16"),
        "empty.txt": b"",
        "blank.txt": b"  \n\n ",
        "binary.dat": bytes(range(256)) * 4,
        "malformed.txt": b" date 2024-13-45 Not a real date\n\nBody.",
        "nodate.txt": b"date \n\nBody.",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with pytest.warns(UserWarning, match="not loaded"):
        c = tk.read_corpus(tmp_path)
    loaded = set(c.docs["source"].map(lambda p: p.rsplit("/", 1)[-1]))
    reported = set(c.load_report["path"].map(lambda p: p.rsplit("/", 1)[-1]))
    assert loaded.isdisjoint(reported)
    assert loaded | reported == set(files)
    assert len(c) + len(c.load_report) == len(files)
    reasons = dict(
        zip(
            c.load_report["path"].map(lambda p: p.rsplit("/", 1)[-1]),
            c.load_report["reason"],
            strict=True,
        )
    )
    assert reasons == {
        "empty.txt": "empty",
        "blank.txt": "empty",
        "binary.dat": "binary",
        "malformed.txt": "malformed header",
        "nodate.txt": "malformed header",
    }
    d = c.docs.set_index("doc_id")
    assert d.loc["gb", "encoding"] == "gb18030" and "两个确立" in d.loc["gb", "text"]
    assert d.loc["big5", "encoding"] == "big5"
    assert d.loc["utf16", "encoding"] == "utf-16" and d.loc["utf16", "text"] == "State of the Union"
    assert d.loc["bom", "encoding"] == "utf-8-sig"


def test_strict_raises_naming_the_file(tmp_path):
    (tmp_path / "ok.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "zz-empty.txt").write_bytes(b"")
    with pytest.raises(tk.LoadError, match="zz-empty.txt"):
        tk.read_corpus(tmp_path, strict=True)


def test_tables_with_field_mapping(tmp_path):
    rows = [
        {"content": "改革开放", "year": "1978", "headline": "A"},
        {"content": "", "year": "1979", "headline": "B"},
        {"content": "两个确立", "year": "2021", "headline": "C"},
    ]
    jl = tmp_path / "r.jsonl"
    jl.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{bad json\n",
        encoding="utf-8",
    )
    with pytest.warns(UserWarning):
        c = tk.read_corpus(jl, text="content", date="year", title="headline")
    assert c.docvars["year"].tolist() == [1978, 2021]
    assert c.docs["title"].tolist() == ["A", "C"]
    assert sorted(c.load_report["reason"]) == ["empty", "invalid JSON"]
    pd.DataFrame(rows).to_csv(tmp_path / "r.csv", index=False)
    pd.DataFrame(rows).to_parquet(tmp_path / "r.parquet")
    for name in ("r.csv", "r.parquet"):
        with pytest.warns(UserWarning):
            got = tk.read_corpus(tmp_path / name, text="content", date="year")
        assert got.docs["text"].tolist() == ["改革开放", "两个确立"]
    with pytest.raises(tk.LoadError, match="no text field"):
        tk.read_corpus(tmp_path / "r.csv", text="body", strict=True)


def test_missing_path():
    with pytest.raises(FileNotFoundError):
        tk.read_corpus("/nonexistent/folder")


def test_shared_seed_file(seed_dir):
    c = tk.read_corpus(seed_dir)
    assert len(c) == 1 and len(c.load_report) == 0
    doc = c.docs.iloc[0]
    assert doc["date"] == pd.Timestamp("2023-06-14")
    assert doc["title"].startswith("Convey and study")
    assert doc["language"] == "en"
    assert "two establishments" in doc["text"]


def test_table_columns_found_by_name_and_bad_dates_reported(tmp_path):
    pd.DataFrame(
        {"doc_id": ["x", "y"], "text": ["Peace.", "War."], "date": ["2001-09-20", "2002-01-29"]}
    ).to_csv(tmp_path / "dated.csv", index=False)
    c = tk.read_corpus(tmp_path / "dated.csv")
    assert c.doc_ids == ["x", "y"]
    assert c.docvars["year"].tolist() == [2001, 2002]
    assert c.docs["date"].iloc[0] == pd.Timestamp("2001-09-20")
    pd.DataFrame({"text": ["Peace.", "War.", "Trade."], "year": [1990, 1991, "soon"]}).to_csv(
        tmp_path / "years.csv", index=False
    )
    with pytest.warns(UserWarning):
        c = tk.read_corpus(tmp_path / "years.csv")
    assert c.docvars["year"].tolist() == [1990, 1991]
    assert c.docs["date"].isna().all()
    assert c.load_report["reason"].tolist() == ["bad date"]
    assert c.load_report["path"].iloc[0].endswith("years.csv:4")  # line 4: header is line 1
    assert c.load_report["line"].tolist() == [4]
