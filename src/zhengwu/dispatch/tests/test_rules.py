"""The pure rules: state machine (exhaustive), tiered dispatch, place, working hours, warnings, masking."""

from datetime import date, datetime

import pytest

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules
from zhengwu.dispatch.standard import State

ALL_ACTIONS = list(rules.TRANSITIONS)
RATINGS = ("satisfied", "basically", "unsatisfied")


@pytest.mark.parametrize("state", [s.value for s in State])
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_every_state_action_pair_is_allowed_exactly_as_the_table_says(state, action):
    sources, target = rules.TRANSITIONS[action]
    kw = {"rating": "satisfied"} if action == "rate" else {}
    if state in sources:
        got = rules.transition(state=state, action=action, **kw)
        assert got == (target.value if target else (State.CLOSED.value if action == "rate" else state))
    else:
        with pytest.raises(rules.TransitionError) as exc:
            rules.transition(state=state, action=action, **kw)
        assert str(rules.STATE_NAMES[state]) in str(exc.value)
        assert str(rules.ACTION_NAMES[action]) in str(exc.value)


def test_the_happy_path_runs_received_to_closed():
    path = ["dispatch", "accept", "start", "resolve", "reply"]
    state = "received"
    for action in path:
        state = rules.transition(state=state, action=action)
    assert state == "replied"
    assert rules.transition(state=state, action="rate", rating="basically") == "closed"


def test_unsatisfied_rating_reopens_and_the_dispatcher_can_dispatch_again():
    assert rules.transition(state="replied", action="rate", rating="unsatisfied") == "reopened"
    assert rules.transition(state="reopened", action="dispatch") == "dispatched"


def test_a_return_goes_back_to_the_dispatcher_who_redispatches():
    assert rules.transition(state="dispatched", action="return") == "returned"
    assert rules.transition(state="returned", action="dispatch") == "dispatched"


def test_rating_needs_a_known_value_and_unknown_actions_are_refused():
    with pytest.raises(ApplicationError) as exc:
        rules.transition(state="replied", action="rate", rating="great")
    assert (exc.value.code, exc.value.field) == ("invalid_rating", "rating")
    with pytest.raises(rules.TransitionError) as exc:
        rules.transition(state="received", action="teleport")
    assert (exc.value.code, exc.value.status) == ("unknown_action", 400) and "teleport" in exc.value.message


def test_closed_event_cannot_be_resolved_with_a_clear_message():
    with pytest.raises(rules.TransitionError) as exc:
        rules.transition(state="closed", action="resolve")
    assert (exc.value.code, exc.value.status) == ("forbidden_transition", 409)
    assert (
        str(rules.STATE_NAMES["closed"]) in exc.value.message
        and str(rules.ACTION_NAMES["resolve"]) in exc.value.message
    )


# --- Dispatch (大小微循环) ---------------------------------------------------------------------------

DEFAULT_RULES = [
    rules.RuleSpec(priority=10, name="centre", tier="centre", keywords="联合执法|违建"),
    rules.RuleSpec(priority=20, name="cross", tier="department", crosses_streets=True),
    rules.RuleSpec(priority=30, name="enforce", tier="street", needs_enforcement=True),
]


def facts(**kw):
    base = dict(text="路灯不亮", level1="城乡建设", default_tier="community", needs_enforcement=False,
                department_code="QCGJ", street_code="GY", community_code="GY-LDC", streets_mentioned=("GY",))
    return rules.Facts(**(base | kw))


@pytest.mark.parametrize(("kw", "tier", "unit", "rule"), [
    ({}, "community", "GY-LDC", "分类默认层级：城乡建设"),  # handled on the spot → the community
    # no community known → its street, labelled as the street tier it is (issue 13 item 11)
    ({"community_code": ""}, "street", "GY", "分类默认层级：城乡建设（社区未知，由街道处置）"),
    ({"needs_enforcement": True}, "street", "GY", "enforce"),  # enforcement → street sub-centre
    ({"streets_mentioned": ("GY", "DM")}, "department", "QCGJ", "cross"),  # crosses streets → department
    ({"text": "需要多部门联合执法"}, "centre", "QZFXTZX", "centre"),  # joint enforcement → centre
    ({"default_tier": "department"}, "department", "QCGJ", "分类默认层级：城乡建设"),
])
def test_choose_dispatch_follows_the_four_tiers(kw, tier, unit, rule):
    d = rules.choose_dispatch(rules=DEFAULT_RULES, facts=facts(**kw), centre_code="QZFXTZX")
    assert (d.tier, d.unit_code, d.rule, d.needs_triage) == (tier, unit, rule, False)
    assert d.inputs["street"] == facts(**kw).street_code


def test_rules_are_taken_by_priority_not_by_list_order():
    reordered = list(reversed(DEFAULT_RULES))
    d = rules.choose_dispatch(rules=reordered, facts=facts(text="违建", needs_enforcement=True),
                              centre_code="QZFXTZX")
    assert d.rule == "centre"


def test_unknown_place_goes_to_manual_triage():
    d = rules.choose_dispatch(rules=DEFAULT_RULES, facts=facts(street_code="", community_code=""),
                              centre_code="QZFXTZX")
    assert d.needs_triage and d.unit_code == "" and "人工分拨" in d.reason


def test_a_rule_limited_to_a_class_does_not_fire_for_another():
    r = [rules.RuleSpec(priority=1, name="env", tier="department", level1="环境保护")]
    assert rules.choose_dispatch(rules=r, facts=facts(), centre_code="C").rule != "env"
    assert rules.choose_dispatch(rules=r, facts=facts(level1="环境保护"), centre_code="C").rule == "env"


# --- Place --------------------------------------------------------------------------------------------

GAZ = [
    rules.Place("鹿丹村", "GY", "GY-LDC"), rules.Place("鹿丹村社区", "GY", "GY-LDC", "community"),
    rules.Place("东门步行街", "DM", "DM-DM", "road"), rules.Place("深南东路", "GY", "", "road"),
    rules.Place("深南东路", "DM", "", "road"), rules.Place("草埔", "DX", "", "estate"),
    rules.Place("草埔", "QSH", "", "estate"), rules.Place("草埔东村", "DX", "DX-CPD"),
    rules.Place("桂园街道", "GY", "", "street"), rules.Place("松园社区", "GY", "GY-SY", "community"),
]


@pytest.mark.parametrize(
    ("text", "street", "community", "streets"),
    [
        ("鹿丹村12栋门口", "GY", "GY-LDC", ("GY",)),
        ("深南东路鹿丹村旁", "GY", "GY-LDC", ("GY",)),  # the long road does not blur a precise estate
        ("深南东路路面塌陷", "", "", ("GY", "DM")),  # only a road through two streets → crosses streets
        (
            "从鹿丹村到东门步行街的管线",
            "DM",
            "DM-DM",
            ("GY", "DM"),
        ),  # the longest name decides; both streets listed
        ("草埔东村垃圾", "DX", "DX-CPD", ("DX",)),  # "草埔" inside "草埔东村" is not a second mention
        ("桂园街道松园社区", "GY", "GY-SY", ("GY",)),  # a street name refined by a community named too
        ("火星上的某地", "", "", ()),
    ],
)
def test_locate_from_address_text(text, street, community, streets):
    loc = rules.locate(text, GAZ)
    assert (loc.street_code, loc.community_code, loc.streets_mentioned) == (street, community, streets)


def test_point_in_polygon():
    square = [[0, 0], [10, 0], [10, 10], [0, 10]]
    assert rules.point_in_polygon(5, 5, square) is True
    assert rules.point_in_polygon(15, 5, square) is False


# --- Time limits ----------------------------------------------------------------------------------------

PERIODS = ((9, 12), (14, 18))


def national_day_2025(d: date) -> bool:
    if date(2025, 10, 1) <= d <= date(2025, 10, 8):
        return False
    if d == date(2025, 10, 11):  # 调休 Saturday
        return True
    return d.weekday() < 5


@pytest.mark.parametrize(("start", "hours", "expected"), [
    (datetime(2025, 9, 29, 9, 0), 2, datetime(2025, 9, 29, 11, 0)),
    (datetime(2025, 9, 29, 11, 0), 2, datetime(2025, 9, 29, 15, 0)),  # lunch break 12–14 skipped
    (datetime(2025, 9, 29, 20, 0), 1, datetime(2025, 9, 30, 10, 0)),  # after hours → next morning
    (datetime(2025, 9, 30, 17, 0), 2, datetime(2025, 10, 9, 10, 0)),  # across 国庆 holidays
    (datetime(2025, 10, 10, 17, 0), 4, datetime(2025, 10, 11, 12, 0)),  # the 调休 Saturday counts
    (datetime(2025, 9, 29, 12, 30), 7, datetime(2025, 9, 30, 12, 0)),  # 14–18 then 9–12 next day
])
def test_add_work_hours(start, hours, expected):
    assert rules.add_work_hours(start, hours, is_workday=national_day_2025, periods=PERIODS) == expected


def test_deadline_in_workdays_ends_at_close_of_the_nth_working_day():
    def add_workdays(d, n):
        from datetime import timedelta
        while n:
            d += timedelta(days=1)
            n -= national_day_2025(d)
        return d

    got = rules.deadline(start=datetime(2025, 9, 30, 10), amount=3, unit="workdays",
                         is_workday=national_day_2025, add_workdays=add_workdays, periods=PERIODS)
    assert got == datetime(2025, 10, 11, 18, 0)  # Oct 9, Oct 10, then the 调休 Saturday Oct 11


@pytest.mark.parametrize(
    ("now", "level"),
    [
        (datetime(2025, 1, 1, 10), ""),
        (datetime(2025, 1, 1, 17, 30), "yellow"),
        (datetime(2025, 1, 1, 18, 1), "red"),
    ],
)
def test_warning_levels(now, level):
    got = rules.warning_level(now=now, start=datetime(2025, 1, 1, 9), due=datetime(2025, 1, 1, 18),
                              yellow_fraction=0.25)
    assert got == level


@pytest.mark.parametrize(("phone", "masked"), [
    ("13812345678", "138****5678"), ("+86 138-1234-5678", "138****5678"), ("82345678", "****5678"), ("", ""),
])
def test_mask_phone_hides_the_middle(phone, masked):
    assert rules.mask_phone(phone) == masked
