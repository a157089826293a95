"""The 双随机 draw: fair (回避 never broken), proportional, risk-weighted, deterministic and verifiable."""

import hashlib
import hmac
import json
import random
from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengwu.inspections import rules
from zhengwu.inspections.rules.drawing import InspectionObject, Inspector, NoFairDraw, Spec, Stream

ON = date(2026, 5, 1)


def spec(ratio="0.5", per_object=2, **kw) -> Spec:
    return Spec(
        per_object=per_object,
        policy=kw.pop("policy", rules.DEFAULT_POLICY),
        ratio=rules.to_fraction(ratio),
        **kw,
    )


def contract_lists():
    """The lists of the CLI contract check: 20 objects in 3 streets, 8 inspectors in 4 streets."""
    objects = [
        InspectionObject(id=f"o{i}", name=f"企业{i}", street=f"S{i % 3}", industry="餐饮")
        for i in range(1, 21)
    ]
    inspectors = [
        Inspector(id=f"p{i}", unit="U", street=f"S{i % 4}", fields=frozenset({"餐饮"})) for i in range(1, 9)
    ]
    return objects, inspectors


def test_a_known_draw_is_reproduced_exactly():
    """A pinned result: any change to the procedure would make earlier published draws unverifiable."""
    objects, inspectors = contract_lists()
    result = rules.draw(objects, inspectors, spec(), "00ff")
    assert result.commitment == "972f4a74354f80d1706ac759b04f8f8ba41e36d3d133df4e8b67a3b4c481ffd9"
    assert result.as_json()["objects"] == [
        {"id": "o1", "inspectors": ["p2", "p7"]}, {"id": "o10", "inspectors": ["p6", "p8"]},
        {"id": "o12", "inspectors": ["p1", "p2"]}, {"id": "o14", "inspectors": ["p4", "p1"]},
        {"id": "o2", "inspectors": ["p8", "p4"]}, {"id": "o20", "inspectors": ["p7", "p8"]},
        {"id": "o3", "inspectors": ["p1", "p3"]}, {"id": "o4", "inspectors": ["p6", "p3"]},
        {"id": "o7", "inspectors": ["p4", "p8"]}, {"id": "o9", "inspectors": ["p1", "p2"]}]


def test_same_seed_same_draw_different_seed_different_draw():
    objects, inspectors = contract_lists()
    first = rules.draw(objects, inspectors, spec(), "00ff").as_json()
    assert rules.draw(list(reversed(objects)), inspectors[::-1], spec(), "00FF").as_json() == first
    others = [rules.draw(objects, inspectors, spec(), f"{s:04x}").as_json() for s in range(1, 6)]
    assert all(o["objects"] != first["objects"] for o in others)
    assert len({o["commitment"] for o in others} | {first["commitment"]}) == 6


def test_the_random_stream_is_hmac_sha256_in_counter_mode():
    """What the docs tell a citizen to compute, written independently of the module."""
    commitment = "ab" * 32
    stream = Stream(bytes.fromhex("00ff"), commitment)
    for k in range(50):
        n = 7 + k
        block = hmac.new(
            bytes.fromhex("00ff"),
            b"zhengwu-draw/1|" + commitment.encode() + b"||" + k.to_bytes(8, "big"),
            hashlib.sha256,
        ).digest()
        u = int.from_bytes(block[:8], "big")
        assert u < 2**64 - 2**64 % n  # (rejection is astronomically rare at these n)
        assert stream.below(n) == u % n


def test_the_commitment_binds_the_lists_and_the_seeds_hash_but_not_the_seed():
    objects, inspectors = contract_lists()
    result = rules.draw(objects, inspectors, spec(), "00ff")
    published = result.published_inputs
    text = json.dumps(published, ensure_ascii=False)
    assert published["seed_sha256"] == hashlib.sha256(bytes.fromhex("00ff")).hexdigest()
    assert '"00ff"' not in text and "检查员" not in text  # no seed, no inspector names
    assert rules.commitment_of(published) == result.commitment
    assert (
        rules.commitment_of(rules.payload(objects, inspectors, spec(), published["seed_sha256"]))
        == result.commitment
    )


@pytest.mark.parametrize(
    ("size", "ratio", "drawn"),
    [
        (20, "0.5", 10),
        (30, "0.1", 3),
        (25, "0.1", 3),
        (7, "0.5", 4),
        (1, "0.01", 1),
        (9, "1", 9),
        (40, "0.125", 5),
    ],
)
def test_the_share_drawn_is_the_ratio_rounded_up(size, ratio, drawn):
    objects = [InspectionObject(id=f"o{i:03}", street=f"S{i % 4}", industry=f"I{i % 3}") for i in range(size)]
    inspectors = [Inspector(id=f"p{i}", street=f"T{i}") for i in range(4)]
    result = rules.draw(objects, inspectors, spec(ratio), "01")
    assert len(result.assignments) == drawn == rules.quota(size, ratio)


def test_strata_by_street_get_their_proportional_share():
    objects, inspectors = contract_lists()  # S0: 6, S1: 7, S2: 7 objects; 10 drawn → 3, 3.5, 3.5
    for seed in ("01", "02", "03", "04", "05", "06"):
        drawn = [a.object_id for a in rules.draw(objects, inspectors, spec(), seed).assignments]
        per_street = sorted(
            sum(1 for o in objects if o.id in drawn and o.street == s) for s in ("S0", "S1", "S2")
        )
        assert per_street in ([3, 3, 4], [3, 4, 3], [4, 3, 3])
        assert sum(1 for o in objects if o.id in drawn and o.street == "S0") == 3


def test_risk_weighting_draws_high_risk_objects_more():
    high = [InspectionObject(id=f"h{i:02}", street="S", risk="high") for i in range(10)]
    low = [InspectionObject(id=f"l{i:02}", street="S", risk="low") for i in range(10)]
    inspectors = [Inspector(id=f"p{i}") for i in range(3)]
    drawn = [a.object_id for a in rules.draw(high + low, inspectors, spec("0.4"), "aa").assignments]
    # 8 drawn; shares 8 × 3·10/(3·10 + 1·10) = 6 high, 2 low
    assert sum(d.startswith("h") for d in drawn) == 6 and len(drawn) == 8


def test_allocation_caps_full_strata_and_gives_the_rest_by_largest_remainder():
    sizes = {"high": 2, "low": 18}
    # high: 10 × 6/24 = 2.5 ≥ 2 → all 2; the 8 left go to low
    assert rules.allocate(sizes, {"high": 3, "low": 1}, 10, {"high": 0, "low": 1}) == {"high": 2, "low": 8}
    # equal remainders (3.5, 3.5): the random rank decides
    sizes = {"a": 6, "b": 7, "c": 7}
    weights = dict.fromkeys(sizes, 1)
    assert rules.allocate(sizes, weights, 10, {"a": 0, "b": 1, "c": 2}) == {"a": 3, "b": 4, "c": 3}
    assert rules.allocate(sizes, weights, 10, {"a": 0, "b": 2, "c": 1}) == {"a": 3, "b": 3, "c": 4}


def test_credit_class_ratios_size_each_class():
    objects = [
        InspectionObject(id=f"o{i:03}", street=f"S{i % 2}", credit_class="ABCD"[i % 4]) for i in range(100)
    ]
    inspectors = [Inspector(id=f"p{i}", street="X") for i in range(3)]
    class_spec = Spec(per_object=2, policy=rules.DEFAULT_POLICY,
                      class_ratios={"A": Fraction(3, 100), "B": Fraction(5, 100), "C": Fraction(1, 10),
                                    "D": Fraction(3, 10)})
    result = rules.draw(objects, inspectors, class_spec, "0a")
    assert result.quotas == {"A": 1, "B": 2, "C": 3, "D": 8}
    drawn = {a.object_id for a in result.assignments}
    assert len(drawn) == 14 and sum(1 for o in objects if o.id in drawn and o.credit_class == "D") == 8
    with pytest.raises(rules.DrawError) as exc:
        rules.draw(
            objects, inspectors, replace(class_spec, class_ratios={**class_spec.class_ratios, "A": 0}), "0a"
        )
    assert exc.value.code == "ratio_range"


def test_recently_inspected_and_capped_objects_are_excluded_by_rule():
    objects = [
        InspectionObject(id="recent", street="S", last_inspected=ON - timedelta(days=179)),
        InspectionObject(id="half_year", street="S", last_inspected=ON - timedelta(days=180)),
        InspectionObject(id="capped", street="S", inspections_this_year=2),
        InspectionObject(id="once", street="S", inspections_this_year=1),
    ]
    inspectors = [Inspector(id=f"p{i}") for i in range(2)]
    result = rules.draw(objects, inspectors, spec("1", on=ON), "01")
    assert result.excluded == (("capped", "annual_cap"), ("recent", "recently_inspected"))
    assert {a.object_id for a in result.assignments} == {"half_year", "once"}
    assert result.warnings == (("once", "repeated_check"),)
    with pytest.raises(rules.DrawError) as exc:
        rules.draw(objects, inspectors, spec("1"), "01")  # a date rule without the day of the draw
    assert exc.value.code == "date_required"


@pytest.mark.parametrize(
    ("inspector", "obj", "reason"),
    [
        (Inspector(id="p", street="S1"), InspectionObject(id="o", street="S1"), "same_street"),
        (
            Inspector(id="p", conflicts=frozenset({"o"})),
            InspectionObject(id="o", street="S1"),
            "declared_conflict",
        ),
        (
            Inspector(id="p"),
            InspectionObject(id="o", street="S1", last_inspectors=frozenset({"p"})),
            "inspected_last_time",
        ),
        (Inspector(id="p", certified=False), InspectionObject(id="o", street="S1"), "no_certificate"),
        (
            Inspector(id="p", certificate_until=ON - timedelta(days=1)),
            InspectionObject(id="o", street="S1"),
            "no_certificate",
        ),
        (Inspector(id="p", support_only=True), InspectionObject(id="o", street="S1"), "support_only"),
        (
            Inspector(id="p", fields=frozenset({"食品"})),
            InspectionObject(id="o", street="S1", industry="餐饮"),
            "field_mismatch",
        ),
        (
            Inspector(id="p", unit="QSCJGJ"),
            InspectionObject(id="o", street="S1", departments=("QWJJ",)),
            "other_department",
        ),
    ],
)
def test_each_avoidance_and_qualification_rule(inspector, obj, reason):
    assert rules.ineligibility(inspector, obj, ON) == (reason,)
    # and the draw honours it: with only this inspector and one other, no fair draw exists
    other = Inspector(id="q", unit=obj.departments[0] if obj.departments else "")
    with pytest.raises(NoFairDraw) as exc:
        rules.draw([obj], [inspector, other], spec("1", on=ON), "01")
    assert exc.value.shortfalls == ((obj.id, 1, 2, ()),)


def test_fields_and_certificates_that_qualify():
    obj = InspectionObject(id="o", street="S1", industry="餐饮")
    assert rules.ineligibility(Inspector(id="p", fields=frozenset({"餐饮", "食品"})), obj, ON) == ()
    assert rules.ineligibility(Inspector(id="p"), obj, ON) == ()  # no fields given: not restricted
    assert (
        rules.ineligibility(Inspector(id="p", certificate_until=ON), obj, ON) == ()
    )  # valid through the day


def test_no_fair_draw_names_every_object_short_of_inspectors_whatever_the_seed():
    objects = [InspectionObject(id="a", street="S1"), InspectionObject(id="b", street="S2"),
               InspectionObject(id="c", street="S3")]
    inspectors = [
        Inspector(id="p1", street="S1"),
        Inspector(id="p2", street="S2"),
        Inspector(id="p3", street="S3"),
    ]
    for seed in ("01", "02"):
        with pytest.raises(NoFairDraw) as exc:
            rules.draw(objects, inspectors, spec("0.34", per_object=3), seed)
        assert [s[0] for s in exc.value.shortfalls] == ["a", "b", "c"]
        assert "a" in rules.message(exc.value)


def test_a_joint_inspection_is_one_visit_with_an_inspector_of_each_department():
    tasks = [rules.ItemTask("QSCJGJ", "SC-01", "o1"), rules.ItemTask("QWJJ", "WJ-03", "o1"),
             rules.ItemTask("QSCJGJ", "SC-02", "o1"), rules.ItemTask("QSCJGJ", "SC-01", "o2")]
    visits = rules.merge_joint(tasks)
    assert [(v.object_id, v.departments, v.joint) for v in visits] == [
        ("o1", ("QSCJGJ", "QWJJ"), True), ("o2", ("QSCJGJ",), False)]
    assert visits[0].items == (("QSCJGJ", "SC-01"), ("QSCJGJ", "SC-02"), ("QWJJ", "WJ-03"))
    assert rules.already_covered(visits, object_id="o1", item_code="WJ-03")
    assert not rules.already_covered(visits, object_id="o2", item_code="WJ-03")
    objects = rules.with_joint_departments(
        [InspectionObject(id=f"o{i}", street="S") for i in (1, 2, 3)], visits
    )
    assert [o.id for o in objects] == ["o1", "o2"]
    inspectors = ([Inspector(id=f"sc{i}", unit="QSCJGJ") for i in range(4)]
                  + [Inspector(id=f"wj{i}", unit="QWJJ") for i in range(4)]
                  + [Inspector(id=f"x{i}", unit="QCGJ") for i in range(4)])
    for seed in ("01", "02", "03", "04"):
        teams = {
            a.object_id: a.inspectors for a in rules.draw(objects, inspectors, spec("1"), seed).assignments
        }
        assert sorted(t[:2] for t in teams["o1"]) == ["sc", "wj"]  # one visit, both departments
        assert all(t.startswith("sc") for t in teams["o2"]) and len(teams["o2"]) == 2
    with pytest.raises(NoFairDraw) as exc:
        rules.draw(objects, [i for i in inspectors if i.unit != "QWJJ"], spec("1"), "01")
    assert exc.value.shortfalls[0] == ("o1", 4, 2, ("QWJJ",))


# --- verification ----------------------------------------------------------------------------------------


def published():
    objects, inspectors = contract_lists()
    inspectors[0] = replace(inspectors[0], conflicts=frozenset({"o3"}))
    result = rules.draw(objects, inspectors, spec(), "c0ffee")
    return result.published_inputs, result.as_json()


def test_verify_succeeds_on_a_published_draw():
    inputs, result = published()
    assert rules.verify(inputs, "c0ffee", result).ok
    assert rules.verify(json.loads(json.dumps(inputs)), "C0FFEE", json.loads(json.dumps(result))).ok


@pytest.mark.parametrize("alter", [
    lambda i, r: i["objects"][0].update(street="S9"),
    lambda i, r: i["objects"].pop(),
    lambda i, r: i["objects"][4].update(risk="high"),
    lambda i, r: i["inspectors"][0].update(conflicts=[]),
    lambda i, r: i["inspectors"][1].update(street="S0"),
    lambda i, r: i["spec"].update(ratio="2/5"),
    lambda i, r: i["spec"].update(per_object=3),
    lambda i, r: i["spec"]["policy"]["risk_weights"].update(high=5),
    lambda i, r: i.update(seed_sha256="0" * 64),
    lambda i, r: r["objects"][0]["inspectors"].reverse(),
    lambda i, r: r["objects"].pop(0),
    lambda i, r: r.update(commitment="0" * 64),
], ids=["street", "object removed", "risk", "conflict", "inspector street", "ratio", "per_object", "weights",
        "seed hash", "team order", "result shortened", "commitment"])
def test_verify_fails_when_any_input_or_the_result_is_altered(alter):
    inputs, result = published()
    alter(inputs, result)
    outcome = rules.verify(inputs, "c0ffee", result)
    assert not outcome.ok and outcome.problems


def test_verify_fails_with_another_seed():
    inputs, result = published()
    outcome = rules.verify(inputs, "c0fffe", result)
    assert [code for code, _d in outcome.problems] == ["seed_mismatch", "result_mismatch"]


def test_verify_names_bad_published_files():
    inputs, result = published()
    assert rules.verify({"format": "other"}, "c0ffee", result).problems[0][0] == "format"
    assert rules.verify(inputs, "c0ffee", ["not", "a", "result"]).problems[0][0] == "format"
    del inputs["objects"][0]["risk"]
    assert rules.verify(inputs, "c0ffee", result).problems[0][0] == "format"


# --- property: never a conflicted, same-street or last-time inspector ---------------------------------------

STREETS = ("S1", "S2", "S3", "S4")
INDUSTRIES = ("餐饮", "食品", "")


@st.composite
def directories(draw_):
    """Sizes and parameters drawn by hypothesis (they
    shrink); the contents from a drawn random seed (fast)."""
    n_objects, n_inspectors = draw_(st.integers(1, 30)), draw_(st.integers(2, 24))
    rnd = random.Random(draw_(st.integers(0, 2**32)))
    object_ids = [f"o{i}" for i in range(n_objects)]
    inspector_ids = [f"p{i}" for i in range(n_inspectors)]
    objects = [
        InspectionObject(
            id=oid,
            street=rnd.choice(STREETS),
            industry=rnd.choice(INDUSTRIES),
            risk=rnd.choice(("high", "medium", "low")),
            last_inspectors=frozenset(rnd.sample(inspector_ids, rnd.randint(0, 2))),
            last_inspected=rnd.choice((None, ON - timedelta(days=rnd.randint(1, 400)))),
            inspections_this_year=rnd.choice((0, 0, 0, 1, 2)),
        )
        for oid in object_ids
    ]
    inspectors = [Inspector(
        id=pid, unit=rnd.choice(("U1", "U2")), street=rnd.choice((*STREETS, "")),
        fields=frozenset(rnd.sample(INDUSTRIES[:2], rnd.randint(0, 2))),
        conflicts=frozenset(rnd.sample(object_ids, min(len(object_ids), rnd.randint(0, 4)))),
        certificate_until=rnd.choice((None, ON + timedelta(days=rnd.randint(-30, 300)))),
        support_only=rnd.random() < 0.1) for pid in inspector_ids]
    ratio = Fraction(draw_(st.integers(1, 20)), 20)
    per_object = draw_(st.integers(2, 3))
    seed = draw_(st.binary(min_size=1, max_size=8)).hex()
    return objects, inspectors, spec(ratio, per_object, on=ON), seed


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(directories())
def test_property_no_inspector_ever_gets_an_object_they_must_avoid(case):
    objects, inspectors, the_spec, seed = case
    by_id = {o.id: o for o in objects}
    people = {i.id: i for i in inspectors}
    keep, _excluded = rules.candidates(objects, the_spec)
    short = [o.id for o in keep
             if sum(1 for i in inspectors if not rules.ineligibility(i, o, ON)) < the_spec.per_object]
    try:
        result = rules.draw(objects, inspectors, the_spec, seed)
    except NoFairDraw as exc:
        assert [s[0] for s in exc.shortfalls] == short and short
        return
    assert not short
    assert len(result.assignments) == rules.quota(len(keep), the_spec.ratio)
    for a in result.assignments:
        obj = by_id[a.object_id]
        assert len(a.inspectors) == the_spec.per_object == len(set(a.inspectors))
        for pid in a.inspectors:
            assert rules.ineligibility(people[pid], obj, ON) == ()
            assert people[pid].street != obj.street and obj.id not in people[pid].conflicts
            assert pid not in obj.last_inspectors
    assert rules.verify(result.published_inputs, seed, result.as_json()).ok
