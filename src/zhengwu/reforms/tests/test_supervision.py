"""大督查: every system's supervision figures read through core.systems.providers (never copied), checked
against the contract, scored per unit and measure, ranked; a broken provider is shown, not a 500."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps

from zhengwu.reforms import rules, selectors

PERIOD = {"start": date(2016, 1, 1), "end": date(2016, 12, 31), "on": date(2016, 12, 31)}


def _provider(rows):
    def figures(*, start, end, on):
        figures.calls.append((start, end, on))
        return rows() if callable(rows) else rows
    figures.calls = []
    return figures


@pytest.fixture
def registered(monkeypatch):
    """Register providers for fake systems (the real credit/dispatch/… providers are written elsewhere);
    `providers` reads AppConfig.provides, so each fake is an app config with a `provides` entry."""
    added = {}
    real = apps.get_app_configs

    def register(label, fn):
        added[label] = SimpleNamespace(label=label, provides={"supervision_figures": f"tests.fake.{label}"},
                                       system=None, fn=fn)

    def configs():
        return [*real(), *added.values()]

    monkeypatch.setattr(apps, "get_app_configs", configs)
    real_get = apps.get_app_config
    monkeypatch.setattr(
        apps, "get_app_config", lambda label: added[label] if label in added else real_get(label)
    )
    from zhengwu.core import systems

    real_import = systems.import_string
    monkeypatch.setattr(systems, "import_string",
                        lambda path: added[path.rsplit(".", 1)[1]].fn if path.startswith("tests.fake.") else
                        real_import(path))
    from zhengwu.reforms.selectors import oversight

    # only the providers this test registers (the real systems' providers answer from their own tables)
    monkeypatch.setattr(oversight, "providers", lambda name: {label: a.fn for label, a in added.items()})
    return register


def row(unit, measure, due, kept, label="指标"):
    return {"unit": unit, "measure": measure, "label": label, "due": due, "kept": kept}


@pytest.mark.django_db
def test_scores_are_the_mean_of_each_units_measure_scores_hand_computed(registered, units):
    # 区发改局: credit.timely 9/10 = 90, credit.quality 3/4 = 75, dispatch.events 1/2 = 50 →
    # (90+75+50)/3 = 71.67 桂园街道: dispatch.events 10/10 = 100; microprojects.stages 0 due
    # (does not count) → 100 区财政局: only 0-due measures → no score, listed last, unranked
    credit_rows = [row("QFGJ", "credit_fake.timely", 10, 9), row("QFGJ", "credit_fake.quality", 4, 3)]
    registered("credit_fake", _provider(credit_rows))
    registered("dispatch_fake", _provider([row("QFGJ", "dispatch_fake.events", 2, 1),
                                           row("GY", "dispatch_fake.events", 10, 10)]))
    registered("microprojects_fake", _provider([row("GY", "microprojects_fake.stages", 0, 0),
                                                row("QCZJ", "microprojects_fake.stages", 0, 0)]))
    got = selectors.dashboard(**PERIOD)
    ranked = [(u["unit"], u["score"], u["rank"]) for u in got["units"]]
    assert ranked == [("GY", 100.0, 1), ("QFGJ", 71.67, 2), ("QCZJ", None, None)]
    by_system = {s["system"]: (s["due"], s["kept"], s["score"]) for s in got["systems"]}
    assert by_system["credit_fake"] == (14, 12, 85.71)
    assert by_system["microprojects_fake"] == (0, 0, None)
    assert {m["measure"] for m in got["measures"] if m["unit"] == "QFGJ"} == {
        "credit_fake.timely", "credit_fake.quality", "dispatch_fake.events"}


@pytest.mark.django_db
def test_the_providers_are_read_at_every_call_never_copied(registered, units):
    state = {"kept": 1}
    fn = _provider(lambda: [row("QFGJ", "live.x", 2, state["kept"])])
    registered("live", fn)
    first = selectors.dashboard(**PERIOD)
    state["kept"] = 2
    second = selectors.dashboard(**PERIOD)
    score = {u["unit"]: u["score"] for u in first["units"]}, {u["unit"]: u["score"] for u in second["units"]}
    assert score == ({"QFGJ": 50.0}, {"QFGJ": 100.0})
    assert fn.calls == [(PERIOD["start"], PERIOD["end"], PERIOD["on"])] * 2  # the period passed through


@pytest.mark.django_db
def test_a_provider_out_of_contract_is_named_and_the_others_still_count(registered, units):
    registered("good", _provider([row("QFGJ", "good.x", 4, 4)]))
    registered("bad", _provider([row("QFGJ", "bad.x", 2, 3)]))  # kept > due
    registered("boom", _provider(lambda: 1 / 0))
    got = selectors.dashboard(**PERIOD)
    errors = {s["system"]: bool(s["error"]) for s in got["systems"]}
    assert errors["good"] is False and errors["bad"] is True and errors["boom"] is True
    assert [(u["unit"], u["score"]) for u in got["units"]] == [("QFGJ", 100.0)]


@pytest.mark.parametrize("rows, field", [
    ({"unit": "X"}, "sys"),
    ([{"unit": "QFGJ"}], "sys[0]"),
    ([row("QFGJ", "other.x", 1, 1)], "sys[0].measure"),  # a measure of another system
    ([row("", "sys.x", 1, 1)], "sys[0].measure"),
    ([row("QFGJ", "sys.x", 1, 2)], "sys[0].kept"),
    ([row("QFGJ", "sys.x", -1, 0)], "sys[0].kept"),
    ([row("QFGJ", "sys.x", True, 0)], "sys[0].kept"),
    ([row("QFGJ", "sys.x", "3", 1)], "sys[0].kept"),
    ([row("QFGJ", "sys.x", 1, 1), row("QFGJ", "sys.x", 2, 1)], "sys[1]"),
])
def test_read_figures_refuses_rows_out_of_contract(rows, field):
    with pytest.raises(rules.RuleError) as caught:
        rules.read_figures("sys", rows)
    assert (caught.value.code, caught.value.field) == ("figures_malformed", field)


def test_a_unit_with_nothing_due_has_no_score_and_ties_share_a_rank():
    figs = [rules.Figure("s", "A", "s.x", "", 3, 2), rules.Figure("s", "B", "s.x", "", 6, 4),
            rules.Figure("s", "C", "s.x", "", 1, 1), rules.Figure("s", "D", "s.x", "", 0, 0)]
    got = [
        (s.unit, str(s.score) if s.score is not None else None, s.rank)
        for s in rules.supervision_scores(figs)
    ]
    assert got == [("C", "100.00", 1), ("A", "66.67", 2), ("B", "66.67", 2), ("D", None, None)]


@pytest.mark.django_db
def test_the_unit_drill_down_keeps_only_that_units_rows(registered, units):
    registered("s", _provider([row("QFGJ", "s.x", 2, 1), row("GY", "s.x", 1, 1)]))
    got = selectors.dashboard(**PERIOD, unit="GY")
    assert [u["unit"] for u in got["units"]] == ["GY"] and [m["unit"] for m in got["measures"]] == ["GY"]


@pytest.mark.django_db
def test_a_period_that_ends_before_it_starts_is_refused(units):
    with pytest.raises(rules.RuleError) as caught:
        selectors.dashboard(start=date(2016, 12, 1), end=date(2016, 1, 1), on=date(2016, 12, 31))
    assert caught.value.code == "bad_period"


def _unit_figures(monkeypatch, answer):
    """dispatch's `unit_figures` (docs/dispatch-figures.md) as reforms reads it: core.systems.provided."""
    from zhengwu.reforms.selectors import oversight

    calls = []

    def unit_figures(*, start, end):
        calls.append((start, end))
        if isinstance(answer, Exception):
            raise answer
        return answer

    real = oversight.provided
    monkeypatch.setattr(oversight, "provided", lambda app, name: unit_figures if (app, name) == (
        "dispatch", "unit_figures") else real(app, name))
    return calls


def dispatch_answer(units, streets=(), departments=()):
    return {
        "start": "2016-01-01",
        "end": "2016-12-31",
        "units": [
            {"unit": u, "unit_name": u, "score": s, "rates": {"satisfaction": 80.0}, "counts": {}}
            for u, s in units
        ],
        "ranking": {
            "streets": [{"unit": u, "score": s} for u, s in streets],
            "departments": [{"unit": u, "score": s} for u, s in departments],
        },
    }


@pytest.mark.django_db
def test_the_composite_assessment_reads_the_providers_and_matches_a_hand_computed_example(registered, units,
                                                                                         monkeypatch):
    # 区发改局 (QFGJ), default weights reforms 30, notices 15, credit 15, dispatch
    # 10, micro 10 (ratings, third party: no figures → re-weighted away):
    #   reforms 3/4 = 75; notices 1/2 = 50; credit (timely 9/10 = 90, quality 3/4 = 75) → 82.5;
    #   dispatch: 大分拨's composite score of the unit in unit_figures = 64 (its supervision measures,
    #   4/5 = 80, count in 大督查 only); micro: nothing due → does not apply. (30×75 + 15×50 + 15×82.5
    #   + 10×64) / (30+15+15+10) = (2250 + 750 + 1237.5 + 640) / 70 = 4877.5/70 = 69.68
    # 桂园街道 (GY): its own row scores 50, dispatch ranks it
    # with its communities at 60 → dispatch 60, alone 60.00
    registered("reforms_fake", _provider([]))  # (the real reforms provider answers from the database below)
    registered(
        "credit", _provider([row("QFGJ", "credit.timely", 10, 9), row("QFGJ", "credit.quality", 4, 3)])
    )
    registered(
        "dispatch", _provider([row("QFGJ", "dispatch.events", 3, 2), row("QFGJ", "dispatch.urgent", 2, 2)])
    )
    registered("microprojects", _provider([row("QFGJ", "microprojects.stages", 0, 0)]))
    registered("lawyers", _provider([row("QFGJ", "lawyers.records", 1, 0)]))  # 大督查 only, not a component
    calls = _unit_figures(monkeypatch, dispatch_answer([("QFGJ", 64.0), ("GY", 50.0), ("HB", None)],
                                                       streets=[("GY", 60.0)], departments=[("QFGJ", 64.0)]))
    from zhengwu.reforms import selectors as sel
    from zhengwu.reforms.selectors import supervision

    own = [row("QFGJ", "reforms.milestones", 4, 3), row("QFGJ", "reforms.notices", 2, 1)]
    registered("reforms", _provider(own))
    got = sel.dashboard(**PERIOD)
    assert calls == [(PERIOD["start"], PERIOD["end"])]
    by_unit = {a["unit"]: a for a in got["assessment"]}
    assessed = by_unit["QFGJ"]
    assert assessed["score"] == 69.68 and assessed["rank"] == 1
    assert assessed["components"]["dispatch"] == 64.0
    assert assessed["components"]["credit"] == 82.5 and assessed["components"]["microprojects"] is None
    assert assessed["weights"] == {"reforms": 42.86, "notices": 21.43, "credit": 21.43, "dispatch": 14.29}
    assert by_unit["GY"]["score"] == 60.0 and by_unit["GY"]["components"]["dispatch"] == 60.0
    assert "HB" not in by_unit  # nothing to judge at 大分拨: no component, no row
    assert got["dispatch_figures"]["units"]["QFGJ"] == {"score": 64.0, "rates": {"satisfaction": 80.0}}
    # a weight of its own: REFORMS_SCORE_WEIGHTS["dispatch"] = 0 leaves 大分拨 out of the score
    from django.test import override_settings

    with override_settings(
        REFORMS_SCORE_WEIGHTS={
            "reforms": 30,
            "notices": 15,
            "credit": 15,
            "dispatch": 0,
            "microprojects": 10,
            "public_rating": 10,
            "third_party": 10,
        }
    ):
        assessed = {a["unit"]: a for a in sel.dashboard(**PERIOD)["assessment"]}["QFGJ"]
    assert assessed["score"] == 70.63  # (2250 + 750 + 1237.5) / 60
    assert supervision.figures  # the real provider stays importable


@pytest.mark.django_db
def test_a_failing_or_malformed_dispatch_answer_is_shown_and_the_rest_still_scores(
    registered, units, monkeypatch
):
    from zhengwu.core.errors import ApplicationError

    registered("reforms", _provider([row("QFGJ", "reforms.milestones", 2, 1)]))
    for answer, words in ((RuntimeError("down"), "暂时无法读取"), ({"units": "x"}, "units"),
                          (dispatch_answer([("QFGJ", 120)]), "0 到 100"),
                          (ApplicationError("统计期间最多 36 个月。", code="period_too_long"), "36")):
        _unit_figures(monkeypatch, answer)
        got = selectors.dashboard(**PERIOD)
        assert words in got["dispatch_figures"]["error"]
        assessed = {a["unit"]: a for a in got["assessment"]}["QFGJ"]
        assert assessed["score"] == 50.0 and assessed["components"]["dispatch"] is None


@pytest.mark.django_db
def test_third_party_evaluations_count_in_the_assessment_with_their_weight(registered, make_user, units):
    from django.core.exceptions import PermissionDenied

    from zhengwu.ledger.models import Entry
    from zhengwu.org.roles import Role
    from zhengwu.reforms import services

    office = make_user("QWGGB", Role.LEADER)
    args = {"unit_code": "QFGJ", "evaluator": "某评估机构", "period_start": date(2016, 1, 1),
            "period_end": date(2016, 6, 30), "report": "评估报告", "actor": office}
    for bad, code in (
        (101, "score_out_of_range"),
        ("x", "score_out_of_range"),
        ("NaN", "score_out_of_range"),
    ):
        with pytest.raises(rules.RuleError) as caught:
            services.evaluation_record(score=bad, **args)
        assert caught.value.code == code
    with pytest.raises(PermissionDenied):
        services.evaluation_record(score=80, **{**args, "actor": make_user("QFGJ", Role.OPERATOR)})
    services.evaluation_record(score=80, **args)
    services.evaluation_record(score=90, **{**args, "period_end": date(2016, 12, 31)})
    assert Entry.objects.filter(action="reforms.evaluation.recorded").count() == 2
    registered("reforms", _provider([row("QFGJ", "reforms.milestones", 2, 1)]))
    # reforms 50 (weight 30), third party mean(80, 90) = 85 (weight 10): (30×50 + 10×85) / 40 = 58.75
    got = {a["unit"]: a for a in selectors.dashboard(**PERIOD)["assessment"]}["QFGJ"]
    assert got["score"] == 58.75 and got["components"]["third_party"] == 85.0
