"""Readers for PDF, DOCX, HTML, JSON and ZIP, on files the tests build with the libraries."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk

ZH = ["坚持稳中求进工作总基调。", "全面建成小康社会取得伟大历史性成就。", "推进高水平对外开放。"]


def _cjk_pdf(path: Path, pages: list[list[str]], title: str = "政府工作报告") -> None:
    """A PDF with a Chinese text layer (reportlab's built-in Adobe-GB1 CID font)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    story: list = []
    for k, paras in enumerate(pages):
        story += [Paragraph(p, style) for p in paras]
        if k < len(pages) - 1:
            story.append(PageBreak())
    SimpleDocTemplate(str(path), title=title).build(story)


def _fpdf(path: Path, pages: list[str | None], title: str = "") -> None:
    """A PDF made with fpdf2: CJK text in the Noto Sans SC font the toolkit depends on, or an
    image-only page (``None``: a filled rectangle, as a scan has no text layer)."""
    import pylopdf_fonts_zh_cn
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font(
        "noto", fname=str(Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSansSC-Regular.otf")
    )
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        if text is None:
            pdf.rect(20, 20, 100, 150, style="F")
        else:
            pdf.set_font("noto", size=12)
            pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


def test_pdf_pages_titles_and_chinese_text(tmp_path):
    _cjk_pdf(tmp_path / "2024-03-05-report.pdf", [ZH[:2], ZH[2:]])
    c = tk.read_corpus(tmp_path)
    d = c.docs
    assert d["doc_id"].tolist() == ["2024-03-05-report#p1", "2024-03-05-report#p2"]
    assert d["page"].tolist() == [1, 2] and set(d["parent_id"]) == {"2024-03-05-report"}
    assert set(d["title"]) == {"政府工作报告"} and set(d["format"]) == {"pdf"}
    assert "稳中求进" in d["text"].iloc[0] and "对外开放" in d["text"].iloc[1]
    assert d["date"].iloc[0] == pd.Timestamp("2024-03-05")
    whole = tk.read_corpus(tmp_path, pdf_pages=False).docs
    assert len(whole) == 1 and whole["pages"].tolist() == [2]
    assert "稳中求进" in whole["text"].iloc[0] and "对外开放" in whole["text"].iloc[0]


def test_pdf_with_embedded_otf_font_and_scanned_pages(tmp_path):
    _fpdf(tmp_path / "mixed.pdf", [ZH[0], None, ZH[1]], title="Provincial notice")
    _fpdf(tmp_path / "scan.pdf", [None, None])
    with pytest.warns(UserWarning, match="not loaded"):
        c = tk.read_corpus(tmp_path)
    d = c.docs
    assert d["page"].tolist() == [1, 3] and "\x00" not in "".join(d["text"])
    assert "稳中求进工作总基调" in d["text"].iloc[0]
    assert set(d["title"]) == {"Provincial notice"}
    report = c.load_report.set_index("reason")
    assert report.loc["empty page", "line"] == 2
    assert report.loc["no text layer", "path"].endswith("scan.pdf")
    assert "OCR" in report.loc["no text layer", "detail"]
    assert c.info["load_counts"] == {"units": 4, "loaded": 2, "reported": 2}  # 3 pages + 1 file


def test_docx_paragraphs_tables_and_title(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "关于做好春耕工作的通知"
    document.add_heading("通知", level=1)
    for p in ZH:
        document.add_paragraph(p)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "粮食", "稳产"
    document.save(tmp_path / "notice.docx")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.warns(UserWarning):
        c = tk.read_corpus(tmp_path)
    doc = c.docs.iloc[0]
    assert doc["doc_id"] == "notice" and doc["title"] == "关于做好春耕工作的通知"
    assert doc["format"] == "docx" and doc["language"] == "zh"
    assert "全面建成小康社会" in doc["text"] and "粮食\t稳产" in doc["original"]
    assert c.load_report["reason"].tolist() == ["unreadable DOCX"]


NEWS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Convey and study the spirit | Provincial Daily</title>
<meta property="og:title" content="Convey and study the spirit of the plenary session">
<meta property="article:published_time" content="2023-06-14T09:30:00+08:00">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/economy">Economy</a></li><li><a href="/login">Log in to comment</a></li></ul></nav>
<header><div class="menu">Subscribe now | Mobile edition | Weather</div></header>
<article><h1>Convey and study the spirit of the plenary session</h1>
<p>On June 14, the provincial party committee held a meeting to convey and study the spirit of
the plenary session and to support the two establishments with firm resolve.</p>
<p>The meeting stressed that cadres at all levels must keep to the general tone of seeking
progress while maintaining stability and push forward high-quality development.</p>
<p>It also discussed the Three-North shelterbelt project and the protection of grassland.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Ten photos of the spring fair</a></li>
<li><a href="/b">Traffic notice for the weekend</a></li></ul></aside>
<footer>Copyright Provincial Daily. All rights reserved. Contact us | Privacy policy</footer>
</body></html>"""


def test_html_main_text_title_and_date(tmp_path):
    (tmp_path / "page.html").write_text(NEWS_PAGE, encoding="utf-8")
    (tmp_path / "blank.htm").write_text(
        "<html><head><title>Nothing here</title></head><body></body></html>", encoding="utf-8"
    )
    with pytest.warns(UserWarning):
        c = tk.read_corpus(tmp_path)
    doc = c.docs.iloc[0]
    assert doc["title"] == "Convey and study the spirit of the plenary session"
    assert doc["date"] == pd.Timestamp("2023-06-14") and doc["year"] == 2023
    assert "two establishments" in doc["text"] and "Three-North" in doc["text"]
    for chrome in ("Log in to comment", "Subscribe now", "Most read", "Privacy policy"):
        assert chrome not in doc["text"]
    assert c.load_report["reason"].tolist() == ["empty"]


def test_html_in_gb18030_is_decoded(tmp_path):
    page = NEWS_PAGE.replace('charset="utf-8"', 'charset="gb18030"').replace(
        "the two establishments", "“两个确立”"
    )
    (tmp_path / "gb.html").write_bytes(page.encode("gb18030"))
    doc = tk.read_corpus(tmp_path / "gb.html").docs.iloc[0]
    assert "两个确立" in doc["text"] and doc["encoding"] == "gb18030"


def test_json_arrays_objects_and_field_mapping(tmp_path):
    rows = [{"body": "改革开放", "when": "1978-12-18", "head": "三中全会", "id": "007"}]
    (tmp_path / "array.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "nested.json").write_text(
        json.dumps({"meta": {"n": 2}, "data": {"items": rows * 2}}), encoding="utf-8"
    )
    (tmp_path / "one.json").write_text(json.dumps(rows[0]), encoding="utf-8")
    kw = {"text": "body", "date": "when", "title": "head", "doc_id": "id"}
    arr = tk.read_corpus(tmp_path / "array.json", **kw).docs
    assert arr[["doc_id", "title", "original"]].values.tolist() == [["007", "三中全会", "改革开放"]]
    assert arr["text"].tolist() == ["三中全会\n\n改革开放"]  # the headline is text too
    assert arr["date"].iloc[0] == pd.Timestamp("1978-12-18") and arr["format"].iloc[0] == "json"
    with pytest.warns(UserWarning, match="duplicate doc_id"):
        nested = tk.read_corpus(tmp_path / "nested.json", records="data.items", **kw).docs
    assert nested["doc_id"].tolist() == ["007", "007#1"]
    assert len(tk.read_corpus(tmp_path / "one.json", **kw)) == 1
    (tmp_path / "odd.json").write_text(json.dumps({"a": 1, "b": [1], "c": [2]}))
    with pytest.raises(tk.LoadError, match="unrecognised JSON layout"):
        tk.read_corpus(tmp_path / "odd.json", strict=True)
    (tmp_path / "mixed.json").write_text(json.dumps([{"text": "ok"}, 5, "x"]))
    with pytest.warns(UserWarning):
        c = tk.read_corpus(tmp_path / "mixed.json")
    assert len(c) == 1 and c.load_report["reason"].tolist() == ["not an object"] * 2
    assert c.load_report["path"].str.endswith(("mixed.json[1]", "mixed.json[2]")).all()


class _LocalCodePageName(zipfile.ZipInfo):
    """A member name stored as GBK bytes without the UTF-8 flag, as Windows zip tools do."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _zip(path: Path, members: dict[str, bytes], utf8_names: bool = True) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name if utf8_names else _LocalCodePageName(name), data)


def test_zip_of_every_kind_with_gbk_member_names(tmp_path):
    _cjk_pdf(tmp_path / "p.pdf", [ZH[:1]])
    inner = tmp_path / "inner.zip"
    _zip(inner, {"deep.txt": b"Nested text."})
    members = {
        "news/2023-06-14-meeting.txt": b" date 2023-06-14 Meeting\n\nBody.",
        "tables/rows.jsonl": b'{"text": "row one"}\n[1, 2]\n',
        "report.pdf": (tmp_path / "p.pdf").read_bytes(),
        "inner.zip": inner.read_bytes(),
        "__MACOSX/._junk": b"\x00\x01",
        "bad.bin": bytes(range(256)) * 8,
    }
    _zip(tmp_path / "bundle.zip", members)
    _zip(tmp_path / "gbk.zip", {"报告/政府工作报告.txt": "坚持稳中求进。".encode("gb18030")}, False)
    for name in ("p.pdf", "inner.zip"):
        (tmp_path / name).unlink()
    with pytest.warns(UserWarning, match="not loaded"):
        c = tk.read_corpus(tmp_path)
    ids = set(c.doc_ids)
    assert {"bundle/news/2023-06-14-meeting", "bundle/report#p1", "bundle/inner/deep"} <= ids
    assert "gbk/报告/政府工作报告" in ids
    assert sorted(c.load_report["reason"]) == ["binary", "not an object"]
    assert any("__MACOSX" in s for s in c.info["skipped"])
    counts = c.info["load_counts"]
    assert counts["units"] == counts["loaded"] + counts["reported"] == len(c) + 2


def test_zip_bomb_bounds(tmp_path):
    _zip(tmp_path / "bomb.zip", {f"z{i}.txt": b"0" * (3 << 20) for i in range(2)})
    assert (tmp_path / "bomb.zip").stat().st_size < 100_000
    with pytest.raises(tk.LoadError, match=r"archive too large.*6 MB uncompressed.*at most 5 MB"):
        tk.read_corpus(tmp_path / "bomb.zip", max_archive_mb=5, strict=True)
    _zip(tmp_path / "many.zip", {f"m{i}.txt": b"text" for i in range(30)})
    with pytest.raises(tk.LoadError, match="30 members; at most 20"):
        tk.read_corpus(tmp_path / "many.zip", max_archive_members=20, strict=True)
    assert len(tk.read_corpus(tmp_path / "bomb.zip", max_archive_mb=7)) == 2


def test_zip_member_lying_about_its_size(tmp_path):
    path = tmp_path / "liar.zip"
    _zip(path, {"a.txt": b"x" * 5000})
    data = bytearray(path.read_bytes())
    # shrink the declared uncompressed size in the central directory to 10 bytes
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(tk.LoadError):
        tk.read_corpus(path, strict=True)


def test_formats_recognised_by_their_bytes(tmp_path):
    _cjk_pdf(tmp_path / "download.dat", [ZH[:1]])
    (tmp_path / "page").write_text(NEWS_PAGE, encoding="utf-8")
    c = tk.read_corpus(tmp_path)
    assert sorted(c.docs["format"]) == ["html", "pdf"]
