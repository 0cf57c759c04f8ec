"""Policy.classify: verdicts, items, flags, record checks and errors.

Expected values are those worked out by hand in examples/declarations.expected.md
(the DEC numbers) or below, next to each case.
"""

import json

import pytest

import mineralctl
from mineralctl import Verdict


def test_gallium_metal_to_germany_needs_a_licence(policy):
    # DEC-2026-0001
    r = policy.classify(id="DEC-2026-0001", description="Gallium metal 99.99% (4N), ingots",
                        code="8112929090", origin="CN", from_="CN", to="DE", date="2026-03-01",
                        channel="customs", end_use="civil", quantity=500, unit="kg",
                        value=165000, currency="USD")
    assert r.ok
    assert r.verdict is Verdict.LICENSE_REQUIRED
    assert r.verdict == "license_required" and str(r.verdict) == "license_required"
    assert r.verdict.severity == 2
    assert [(i.id, i.action, i.match) for i in r.items] == [
        ("cn.2023-23.ga-1", "license_required", "text+code")]
    item = r.items[0]
    assert item.minerals == ("gallium",) and item.confirmed
    assert "No. 23 of 2023" in item.announcement
    assert r.flags == []
    assert (r.id, r.date, r.in_jurisdiction) == ("DEC-2026-0001", "2026-03-01", True)
    assert r.policy.bundle == "cn-strategic-minerals" and r.policy.digest == policy.digest


@pytest.mark.parametrize("date,verdict", [
    ("2025-11-08", "prohibited"),         # DEC-2026-0037: last day before the suspension
    ("2026-03-01", "license_required"),   # DEC-2026-0017: inside the No. 72 suspension
    ("2026-11-27", "license_required"),   # DEC-2026-0035: its last day, inclusive
    ("2026-11-28", "prohibited"),         # DEC-2026-0036: clause 2 applies again
])
def test_us_suspension_dates(policy, date, verdict):
    r = policy.classify(description="高纯金属镓锭 99.99%", code="8112929090", to="US", date=date)
    assert r.verdict == verdict


def test_military_end_use_to_us_is_prohibited(policy):
    # DEC-2026-0020: No. 46 clause 1 is never suspended.
    r = policy.classify(description="Germanium single-crystal blanks", code="8112921090",
                        to="US", date="2026-03-01", end_use="military end user")
    assert r.verdict is Verdict.PROHIBITED
    assert [i.id for i in r.items] == ["cn.2023-23.ge-1"]


def test_free_goods_are_clear(policy):
    # DEC-2026-0009 and DEC-2026-0011 ("Germany" is not germanium).
    assert policy.classify(description="Cotton T-shirts", code="6109100000", to="US",
                           date="2026-03-01").verdict is Verdict.CLEAR
    r = policy.classify(description="Oak dining tables, design from Germany", code="94036099",
                        to="DE", date="2026-04-20")
    assert (r.verdict, r.items, r.flags) == (Verdict.CLEAR, [], [])


def test_flags(policy):
    # DEC-2026-0014: a controlled code under wording that names no controlled material.
    r = policy.classify(description="Tin ingots", code="8112929090", to="TH", date="2026-05-20")
    assert r.verdict == "license_required"
    assert r.flags == ["controlled_code_vague_description"]
    assert [(i.id, i.match) for i in r.items] == [("cn.2023-23.ga-1", "code")]
    # DEC-2026-0016: a 6-digit code covering controlled and free goods.
    r = policy.classify(description="Unwrought metal powder", code="811292", to="SG",
                        date="2026-03-03")
    assert (r.verdict, r.flags, r.items) == ("review", ["ambiguous_code"], [])
    assert set(r.flags) <= set(mineralctl.FLAGS)


def test_export_from_another_country(policy):
    # DEC-2026-0022: from DE, outside the CN jurisdiction: listed, nothing required.
    r = policy.classify(description="Germanium ingots", code="8112921090", from_="DE", to="US",
                        date="2026-03-01")
    assert r.verdict is Verdict.CLEAR
    assert not r.in_jurisdiction
    assert [(i.id, i.action) for i in r.items] == [("cn.2023-23.ge-1", "none")]
    assert r.note


def test_route_and_components(policy):
    r = policy.classify(description="Gallium metal", to="MX", route=["TH", "MX"], date="2026-07-01")
    assert r.verdict == "license_required"   # DEC-2026-0034
    assert policy.classify(description="Gallium metal", to="MX", route="TH, MX",
                           date="2026-07-01").to_json() == r.to_json()
    # Components are accepted and checked (the rule they feed is suspended on this date).
    r = policy.classify(description="NdFeB magnets", to="DE", date="2026-03-01",
                        components=[{"material": "dysprosium", "origin": "CN",
                                     "value_share": 0.5, "weight_share": 1.2}])
    assert r.ok
    with pytest.raises(mineralctl.RecordError, match="components"):
        policy.classify(description="x", components=[{"origin": "CN"}])


def test_json_is_the_librarys(policy):
    r = policy.classify(id="J1", description="GaAs wafers 4 inch", code="3818009004", to="TW",
                        date="2026-03-01")
    d = r.to_dict()
    assert json.loads(r.to_json()) == d
    assert d["verdict"] == "license_required"
    assert [i["id"] for i in d["items"]] == [i.id for i in r.items]
    assert d["policy"]["digest"] == policy.digest
    d["verdict"] = "changed"                   # to_dict() is a fresh copy
    assert r.to_dict()["verdict"] == "license_required"
    assert r.verdict == "license_required"


def test_unknown_keyword_suggests(policy):
    with pytest.raises(TypeError, match=r"'descripton' \(did you mean 'description'\?\)"):
        policy.classify(descripton="gallium")
    with pytest.raises(TypeError, match=r"'from' \(did you mean 'from_'\?\)"):
        policy.classify(description="gallium", **{"from": "CN"})
    with pytest.raises(TypeError, match=r"'zzz'$"):
        policy.classify(description="gallium", zzz=1)


@pytest.mark.parametrize("fields,message", [
    (dict(description="gallium", to="USA"), "to: 'USA' is not an ISO 3166-1 alpha-2 country code"),
    (dict(description="gallium", date="2026-02-30"), "date"),
    (dict(description="gallium", channel="courier"), "channel"),
    (dict(description="gallium", to=7), "'to' must be a string"),
    (dict(description=["gallium"]), "'description' must be a string"),
    (dict(description="gallium", quantity=-1), "'quantity' must be a non-negative number"),
    (dict(description="gallium", value="12"), "'value' must be a number"),
    (dict(description="gallium", quantity=True), "'quantity' must be a number"),
    (dict(description="gallium", route=["TH", "XX"]), "XX"),
    (dict(description="gallium", route=5), "'route' must be an array of country codes"),
    (dict(to="US"), "a record needs a description or a code"),
    (dict(description="", code=""), "a record needs a description or a code"),
])
def test_record_errors(policy, fields, message):
    with pytest.raises(mineralctl.RecordError) as ei:
        policy.classify(**fields)
    assert message in str(ei.value)
    assert isinstance(ei.value, ValueError) and isinstance(ei.value, mineralctl.Error)
    assert ei.value.code == -2  # MCTL_EINVAL


def test_record_is_reset_between_calls(policy):
    # A field of one call never leaks into the next (one record per thread, reused).
    assert policy.classify(description="Gallium metal", to="US", date="2025-02-15",
                           end_use="military").verdict == "prohibited"
    r = policy.classify(description="Steel hex bolts")
    assert (r.verdict, r.id) == ("clear", None)
    assert policy.classify(description="Gallium metal", date="2025-02-15").verdict == "license_required"


def test_id_may_be_an_integer(policy):
    assert policy.classify(id=42, description="Steel bolts").id == "42"


def test_default_date_is_today(policy):
    import datetime
    r = policy.classify(description="Steel bolts")
    assert r.date == datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def test_invalid_text_is_flagged_not_refused(policy):
    # Bytes that are not UTF-8 (a legacy encoding) and a lone surrogate both reach
    # the library, which replaces them and raises invalid_utf8 (review at least).
    r = policy.classify(description="Steel bolts \udcff grade 8")
    assert "invalid_utf8" in r.flags and r.verdict == "review"
    r = policy.classify(description="Steel bolts".encode() + b"\xff\xfe")
    assert "invalid_utf8" in r.flags
    r = policy.classify(description="金属镓 99.99%".encode("gb18030"), code="8112929090", to="DE")
    assert "invalid_utf8" in r.flags


def test_numbers_and_sequences_of_any_kind(policy):
    # The record is filled in C: numbers are anything with __float__ but bool
    # and text, sequences any iterable but text and dicts.
    from decimal import Decimal
    from fractions import Fraction
    r = policy.classify(description="Gallium metal", to="MX", date="2026-07-01",
                        quantity=Decimal("2.5"), value=Fraction(1, 2), route=("TH", "MX"))
    assert r.verdict == "license_required"
    assert policy.classify(description="Gallium metal", to="MX", date="2026-07-01",
                           route=(c for c in ["TH", "MX"])).to_json() == r.to_json()
    assert policy.classify(description="NdFeB magnets", date="2026-03-01",
                           components=({"material": "dysprosium", "origin": "CN",
                                        "value_share": Decimal("0.5")},)).ok
    for bad in ({"material": "dysprosium", "value_share": "0.5"},
                {"material": "dysprosium", "origin": 86},
                {"material": 7}):
        with pytest.raises(mineralctl.RecordError, match="'components' must be an array"):
            policy.classify(description="NdFeB magnets", components=[bad])
    with pytest.raises(mineralctl.RecordError, match="'route' must be an array"):
        policy.classify(description="Gallium metal", route={"via": "TH"})
    with pytest.raises(mineralctl.RecordError, match="'route' must be an array"):
        policy.classify(description="Gallium metal", route=["TH", 66])
    with pytest.raises(mineralctl.RecordError, match="'value' must be a number"):
        policy.classify(description="Gallium metal", value=b"1")


def test_the_record_checks_come_before_the_description_check(policy):
    # As in the CLI: fields are checked in order, the missing description last.
    with pytest.raises(mineralctl.RecordError, match="to: 'ZZZ'"):
        policy.classify(to="ZZZ")
    with pytest.raises(mineralctl.RecordError, match="'quantity' must be a number"):
        policy.classify(quantity="many")
