"""Property tests (hypothesis) for the readers: whatever the input, every row or file is either
loaded or reported, and what loads keeps its text exactly."""

from __future__ import annotations

import codecs
import csv
import io
import json
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toolkit as tk
from toolkit.corpus.encoding import decode_bytes

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# any text, including line and paragraph separators, controls, quotes and astral characters
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# what a CSV or text file holds: no controls, unassigned or private-use code points
PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cn", "Co", "Cs")), max_size=40)
VALUE = st.one_of(TEXT, st.integers(), st.none(), st.lists(st.integers(), max_size=2))


def _read(path: Path, **options) -> tk.Corpus | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return tk.read_corpus(path, **options)
        except tk.LoadError as e:
            assert "nothing could be loaded" in str(e)
            return None


def _check_counts(c: tk.Corpus | None, units: int) -> None:
    if c is None:
        return
    counts = c.info["load_counts"]
    assert counts == {"units": units, "loaded": len(c), "reported": len(c.load_report)}


@SETTINGS
@given(
    st.lists(
        st.one_of(st.fixed_dictionaries({"text": VALUE}, optional={"year": VALUE}), VALUE),
        min_size=1,
        max_size=8,
    )
)
def test_jsonl_every_line_loaded_or_reported(rows):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "r.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        c = _read(path)
        _check_counts(c, len(rows))
        if c is not None:
            wanted = [r["text"] for r in rows if isinstance(r, dict) and isinstance(r["text"], str)]
            assert set(c.docs["original"]) <= set(wanted)


@SETTINGS
@given(
    st.lists(
        st.lists(PRINTABLE, min_size=1, max_size=3),
        min_size=1,
        max_size=8,
    )
)
def test_csv_rows_round_trip_or_are_reported(records):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["text", "a", "b"][: max(len(r) for r in records)])
    header_len = max(len(r) for r in records)
    for r in records:
        writer.writerow(r)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "r.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        c = _read(path, encoding="utf-8")  # the CSV parsing, not detection (one "¥" is 楼 in GBK)
        data_rows = [r for r in records if r != [""]]  # a lone empty cell is a blank line
        _check_counts(c, len(data_rows))
        if c is not None:
            full = [r[0] for r in data_rows if len(r) == header_len and r[0].strip()]
            assert sorted(c.docs["original"]) == sorted(full)


@SETTINGS
@given(
    st.dictionaries(
        st.from_regex(r"[a-z]{1,8}\.(txt|csv|jsonl|json|dat)", fullmatch=True),
        st.binary(max_size=200),
        min_size=1,
        max_size=6,
    )
)
def test_folder_of_arbitrary_bytes(files):
    with tempfile.TemporaryDirectory() as d:
        for name, data in files.items():
            (Path(d) / name).write_bytes(data)
        c = _read(Path(d))
        if c is not None:
            counts = c.info["load_counts"]
            assert counts["units"] == counts["loaded"] + counts["reported"]
            sources = {Path(s).name for s in c.docs["source"]}
            reported = {Path(p.split(":")[0].split("[")[0]).name for p in c.load_report["path"]}
            assert sources | reported == set(files)


HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=30)


@SETTINGS
@given(HAN, st.sampled_from(["utf-8-sig", "utf-16", "utf-32", "utf-16-be", "utf-32-be"]))
def test_bom_encodings_round_trip(text, codec):
    data = text.encode(codec)
    if codec.endswith("-be"):
        bom = codecs.BOM_UTF16_BE if "16" in codec else codecs.BOM_UTF32_BE
        data = bom + data
    assert decode_bytes(data).text == text


@SETTINGS
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cn", "Co", "Cs")), min_size=12, max_size=200
    ).filter(lambda t: len(t.encode()) - len(t) >= 32)
)
def test_utf8_with_enough_non_ascii_round_trips(text):
    got = decode_bytes(text.encode("utf-8"))
    assert (got.text, got.encoding, got.confidence) == (text, "utf-8", 1.0)
