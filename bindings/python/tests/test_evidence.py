"""Evidence offsets: Python str indices (start/end) beside the library's UTF-8
byte offsets (byte_start/byte_end), on multi-byte text.

Offsets below are counted by hand: CJK characters are 3 bytes in UTF-8,
Cyrillic 2, fullwidth Latin 3, an emoji outside the BMP 4 (and one str
character), a lone surrogate 3 (the binding passes it as its invalid UTF-8
encoding).
"""

import os

from conftest import TOP_SRCDIR, read_jsonl


def one(r, concept, text=None):
    ev = [e for e in r.evidence if e.concept == concept and text in (None, e.text)]
    assert len(ev) == 1, r.evidence
    return ev[0]


def check_slices(r, **texts):
    for e in r.evidence:
        t = texts[e.field]
        assert t[e.start:e.end] == e.text
        raw = t.encode("utf-8", "surrogatepass") if isinstance(t, str) else t
        assert raw[e.byte_start:e.byte_end].decode("utf-8") == e.text


def test_chinese(policy):
    d = "高纯金属镓锭 99.99%"
    r = policy.classify(description=d, to="DE", date="2026-03-01")
    e = one(r, "gallium")
    # 高纯金属 = 4 characters, 12 bytes; 镓 is the 5th character.
    assert (e.field, e.start, e.end, e.byte_start, e.byte_end, e.text) == ("description", 4, 5, 12, 15, "镓")
    check_slices(r, description=d)
    # The JSON (and the CLI) carry the byte offsets.
    ej = [x for x in r.to_dict()["evidence"] if x["concept"] == "gallium"][0]
    assert (ej["start"], ej["end"]) == (12, 15)


def test_cyrillic(policy):
    d = "Пластины: арсенид галлия, 100 мм"
    r = policy.classify(description=d, to="RU", date="2026-01-20")
    # "Пластины: " = 8 Cyrillic letters + ": " -> 10 characters, 18 bytes;
    # "арсенид галлия" = 14 characters (13 letters and a space), 27 bytes.
    e = one(r, "gallium-arsenide")
    assert (e.start, e.end, e.byte_start, e.byte_end) == (10, 24, 18, 45)
    assert e.text == "арсенид галлия"
    check_slices(r, description=d)


def test_emoji_outside_the_bmp(policy):
    d = "🔥🔥 Gallium metal ingots 4N 🔥"
    r = policy.classify(description=d, to="DE", date="2026-03-01")
    e = one(r, "gallium", "Gallium")     # the lexicon's "gallium metal" is found too
    # Two emoji (1 character, 4 bytes each) and a space before "Gallium".
    assert (e.start, e.end, e.byte_start, e.byte_end) == (3, 10, 9, 16)
    assert d[e.start:e.end] == "Gallium"
    check_slices(r, description=d)


def test_fullwidth_letters(policy):
    d = "高纯 Ｇａｌｌｉｕｍ 锭"
    r = policy.classify(description=d, to="DE", date="2026-03-01")
    e = one(r, "gallium")
    # "高纯 " = 3 characters, 7 bytes; 7 fullwidth letters of 3 bytes each.
    assert (e.start, e.end, e.byte_start, e.byte_end) == (3, 10, 7, 28)
    assert e.text == "Ｇａｌｌｉｕｍ"
    check_slices(r, description=d)


def test_lone_surrogate_before_the_term(policy):
    d = "\udc80\udc81 gallium metal"
    r = policy.classify(description=d, to="DE", date="2026-03-01")
    assert "invalid_utf8" in r.flags
    e = one(r, "gallium", "gallium")
    assert (e.start, e.end, e.byte_start, e.byte_end) == (3, 10, 7, 14)
    assert d[e.start:e.end] == "gallium" == e.text


def test_bytes_in_give_byte_offsets(policy):
    d = "高纯金属镓锭".encode()
    r = policy.classify(description=d, to="DE", date="2026-03-01")
    e = one(r, "gallium")
    assert (e.start, e.end) == (e.byte_start, e.byte_end) == (12, 15)
    assert d[e.start:e.end].decode() == e.text


def test_second_description_and_code(policy):
    d1, d2, code = "Germanium-Granulat", "高纯区熔锗锭 5N", "8112.92.10.90"
    r = policy.classify(description=d1, description2=d2, code=code, to="DE", date="2026-02-18")
    fields = {e.field for e in r.evidence}
    assert fields == {"description", "description2", "code"}
    e = [e for e in r.evidence if e.field == "description2"][0]
    # 高纯 = 2 characters, 6 bytes, then the name 区熔锗 (zone-refined germanium).
    assert (e.start, e.end, e.byte_start, e.byte_end, e.text) == (2, 5, 6, 15, "区熔锗")
    c = [e for e in r.evidence if e.field == "code"][0]
    assert (c.start, c.end) == (0, len(code)) and c.concept == "8112921090"
    check_slices(r, description=d1, description2=d2, code=code)


def test_negated_and_approximate(policy):
    r = policy.classify(description="Solder wire, gallium-free, galium traces", date="2026-03-01")
    neg = [e for e in r.evidence if e.negated]
    approx = [e for e in r.evidence if e.approximate]
    assert [e.text for e in neg] == ["gallium"]
    assert [e.text for e in approx] == ["galium"]


def test_every_eval_record_slices_right(policy):
    """1,041 labelled records in 19 languages: every evidence span, as str
    indices and as bytes, is exactly its text."""
    records = read_jsonl(os.path.join(TOP_SRCDIR, "tests", "eval", "records.jsonl"))
    seen_multibyte = 0
    for rec in records:
        r = policy.classify_record(rec, date="2026-03-01")
        check_slices(r, description=rec["description"], code=rec.get("code"))
        seen_multibyte += any(e.start != e.byte_start for e in r.evidence)
    assert seen_multibyte > 100
