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
    monkeypatch.setattr(apps, "get_app_config", lambda label: added[label] if label in added else real_get(label))
    from zhengwu.core import systems

    real_import = systems.import_string
    monkeypatch.setattr(systems, "import_string",
                        lambda path: added[path.rsplit(".", 1)[1]].fn if path.startswith("tests.fake.") else
                        real_import(path))
    return register


def row(unit, measure, due, kept, label="指标"):
    return {"unit": unit, "measure": measure, "label": label, "due": due, "kept": kept}


@pytest.mark.django_db
def test_scores_are_the_mean_of_each_units_measure_scores_hand_computed(registered, units):
    # 区发改局: credit.timely 9/10 = 90, credit.quality 3/4 = 75, dispatch.events 1/2 = 50 → (90+75+50)/3 = 71.67
    # 桂园街道: dispatch.events 10/10 = 100; microprojects.stages 0 due (does not count) → 100
    # 区财政局: only 0-due measures → no score, listed last, unranked
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
    got = [(s.unit, str(s.score) if s.score is not None else None, s.rank) for s in rules.supervision_scores(figs)]
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


@pytest.mark.django_db
def test_the_composite_assessment_reads_the_providers_and_matches_a_hand_computed_example(registered, units):
    # 区发改局 (QFGJ), default weights reforms 30, notices 15, credit 15, dispatch 10, micro 10 (ratings, third
    # party: no figures → re-weighted away):
    #   reforms 3/4 = 75; notices 1/2 = 50; credit (timely 9/10 = 90, quality 3/4 = 75) → 82.5; dispatch 4/5 = 80;
    #   micro: nothing due → does not apply.
    #   (30×75 + 15×50 + 15×82.5 + 10×80) / (30+15+15+10) = (2250 + 750 + 1237.5 + 800) / 70 = 5037.5/70 = 71.96
    registered("reforms_fake", _provider([]))  # (the real reforms provider answers from the database below)
    registered("credit", _provider([row("QFGJ", "credit.timely", 10, 9), row("QFGJ", "credit.quality", 4, 3)]))
    registered("dispatch", _provider([row("QFGJ", "dispatch.events", 3, 2), row("QFGJ", "dispatch.urgent", 2, 2)]))
    registered("microprojects", _provider([row("QFGJ", "microprojects.stages", 0, 0)]))
    registered("lawyers", _provider([row("QFGJ", "lawyers.records", 1, 0)]))  # 大督查 only, not a component
    from zhengwu.reforms import selectors as sel
    from zhengwu.reforms.selectors import supervision

    own = [row("QFGJ", "reforms.milestones", 4, 3), row("QFGJ", "reforms.notices", 2, 1)]
    registered("reforms", _provider(own))
    got = sel.dashboard(**PERIOD)
    assessed = {a["unit"]: a for a in got["assessment"]}["QFGJ"]
    assert assessed["score"] == 71.96 and assessed["rank"] == 1
    assert assessed["components"]["credit"] == 82.5 and assessed["components"]["microprojects"] is None
    assert assessed["weights"] == {"reforms": 42.86, "notices": 21.43, "credit": 21.43, "dispatch": 14.29}
    assert supervision.figures  # the real provider stays importable
