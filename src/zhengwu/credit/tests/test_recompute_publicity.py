"""Issue 16 §3: changing the rule version configuration recomputes every affected 公示截止期 and says how many
records moved (`zhengwu credit recompute-publicity`); a
tier the unit overrode with a reason is not re-tiered."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from zhengwu.credit.models import Record
from zhengwu.credit.rules import publicity
from zhengwu.credit.services import publicity as service
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry

pytestmark = pytest.mark.django_db

DECIDED = date(2026, 5, 10)
ON = date(2026, 6, 1)


def stored(units, tier, *, decided=DECIDED, policy=publicity.DEFAULT_POLICY, **extra) -> Record:
    pub = publicity.penalty_publicity(
        decided_on=decided, severity=publicity.Severity(tier), policy=policy, on=ON
    )
    values = dict(decided_on=decided, state="published", severity=tier, public_until=pub.until,
                  repairable_from=pub.earliest_repair)
    values.update(extra)
    return make_record(units["QCGJ"], **values)


def test_nothing_moves_when_nothing_changed(units):
    stored(units, "general")
    stored(units, "serious")
    summary = service.publicity_recompute(on=ON)
    assert (summary["records"], summary["moved"], summary["retiered"]) == (2, 0, 0)
    assert not Entry.objects.filter(action="credit.publicity.recomputed").exists()


def test_a_longer_general_window_moves_the_general_records_only(units, settings):
    general = stored(units, "general")
    serious = stored(units, "serious")
    settings.CREDIT_PUBLICITY_POLICY = {"general": {"publish": True, "min_months": 6, "max_months": 24}}
    settings.CREDIT_CLI_ACTOR_REQUIRED = False
    out = StringIO()
    call_command("credit", "recompute-publicity", "--on", ON.isoformat(), "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert (summary["records"], summary["moved"]) == (2, 1)
    general.refresh_from_db()
    serious.refresh_from_db()
    assert (general.public_until, general.repairable_from) == (date(2028, 5, 10), date(2026, 11, 11))
    assert serious.public_until == date(2029, 5, 10)
    entry = Entry.objects.get(action="credit.publicity.recomputed")
    assert entry.after["moved"] == 1 and entry.after["moved_pairs"] == 1 and entry.after["moved_ids"] == 0


def test_retier_reclassifies_from_kinds_but_keeps_a_units_override(units):
    by_default = stored(units, "serious", category="罚款")  # stored as serious, its kinds say general
    overridden = stored(units, "serious", category="罚款", severity_reason="行业主管部门认定为严重")
    dry = service.publicity_recompute(on=ON, retier=True, dry_run=True)
    assert (dry["moved"], dry["retiered"]) == (1, 1)
    by_default.refresh_from_db()
    assert by_default.severity == "serious"  # a dry run changes nothing
    service.publicity_recompute(on=ON, retier=True)
    by_default.refresh_from_db()
    overridden.refresh_from_db()
    assert (by_default.severity, by_default.public_until) == ("general", date(2027, 5, 10))
    assert (overridden.severity, overridden.public_until) == ("serious", date(2029, 5, 10))


def test_a_shorter_period_ends_publication_at_once_with_the_reason(units, settings):
    record = stored(units, "general", decided=date(2025, 1, 10))
    settings.CREDIT_PUBLICITY_POLICY = {"general": {"publish": True, "min_months": 3, "max_months": 3}}
    summary = service.publicity_recompute(on=ON)
    assert summary["moved"] == 1 and summary["ended_now"] == 1
    record.refresh_from_db()
    assert record.public_until == date(2025, 4, 10) and record.public_ended_on == date(2025, 4, 11)
    assert Entry.objects.filter(action="credit.record.publicity_ended", object_id=str(record.pk)).exists()


def test_recompute_frame_matches_the_scalar_rules():
    import polars as pl

    days = [date(2026, 1, 31), date(2026, 5, 10), date(2024, 2, 29), date(2025, 8, 31)]
    tiers = ["minor", "general", "serious", "general"]
    frame = pl.DataFrame({"id": [1, 2, 3, 4], "decided": days, "tier": tiers, "ends": [None] * 4,
                          "earliest": [None] * 4, "category": ["罚款"] * 4, "reason": [""] * 4,
                          "declared": [None] * 4, "result": [""] * 4, "basis": [""] * 4},
                         schema_overrides={"ends": pl.Date, "earliest": pl.Date, "declared": pl.Date})
    out = service.recompute_frame(frame, policy=publicity.DEFAULT_POLICY, on=ON, retier=False)
    for d, t, ends, earliest in zip(days, tiers, out["ends_new"], out["earliest_new"], strict=True):
        pub = publicity.penalty_publicity(decided_on=d, severity=publicity.Severity(t), on=ON)
        assert (ends, earliest) == ((pub.until, pub.earliest_repair) if pub.public else (None, None)), (d, t)


def test_a_units_own_publicity_end_stays_inside_the_new_window(units, settings):
    """A 公示期限 the unit gave (CF_GSQX) is honoured inside [minimum, maximum], by id, as at publication."""
    policy = publicity.DEFAULT_POLICY
    pub = publicity.penalty_publicity(decided_on=DECIDED, severity=publicity.Severity.GENERAL,
                                      declared_until=date(2026, 12, 31), policy=policy, on=ON)
    declared = stored(units, "general", publicity_until=date(2026, 12, 31), public_until=pub.until)
    plain = stored(units, "general")
    settings.CREDIT_PUBLICITY_POLICY = {"general": {"publish": True, "min_months": 9, "max_months": 24}}
    summary = service.publicity_recompute(on=ON)
    assert (summary["records"], summary["moved"]) == (2, 2)
    declared.refresh_from_db()
    plain.refresh_from_db()
    assert declared.public_until == date(2027, 2, 10)  # raised to the new 9-month minimum
    assert plain.public_until == date(2028, 5, 10)
    entry = Entry.objects.get(action="credit.publicity.recomputed")
    assert (entry.after["moved_pairs"], entry.after["moved_ids"]) == (1, 1)


# --- the set-based path (issue 16 "Speed"): one grouped read, one UPDATE … FROM ---------------------------

LONGER = {"general": {"publish": True, "min_months": 6, "max_months": 24},
          "serious": {"publish": True, "min_months": 12, "max_months": 48}}
AWKWARD_DAYS = [date(2018, 3, 1), date(2024, 2, 29), date(2026, 1, 31), date(2026, 5, 10), date(2099, 12, 31)]


def _expected(record: Record, policy: publicity.Policy) -> tuple:
    """What the scalar rules give a record (publication's own function), tier kept ("" counts as general)."""
    tier = publicity.Severity(record.severity or "general")
    pub = publicity.penalty_publicity(decided_on=record.decided_on, severity=tier,
                                      declared_until=record.publicity_until, policy=policy, on=ON)
    return tier.value, (pub.until if pub.public else None), (pub.earliest_repair if pub.public else None)


def _awkward(units) -> list[Record]:
    """Every awkward kind of record on every awkward decision day: a tier the unit overrode with a reason, a
    公示期限 of its own, repaired, revoked, noted as ended, no tier at all, minor (not public), pushed."""
    made = []
    for decided in AWKWARD_DAYS:
        made += [stored(units, "general", decided=decided), stored(units, "serious", decided=decided),
                 stored(units, "minor", decided=decided),
                 stored(units, "general", decided=decided, state="pushed"),
                 stored(units, "serious", decided=decided, severity_reason="行业主管部门认定为严重"),
                 stored(units, "general", decided=decided, publicity_until=date(2026, 12, 31)),
                 stored(units, "general", decided=decided, repaired_on=date(2026, 9, 1),
                        public_ended_on=date(2026, 9, 1)),
                 stored(units, "general", decided=decided, status="1"),
                 stored(units, "general", decided=decided, public_ended_on=date(2026, 1, 1)),
                 stored(units, "general", decided=decided, severity="")]
    return made


@pytest.mark.parametrize("raw", [LONGER, LONGER | {"basis": "decided"}, {"rule": "ndrc-order-58"}])
def test_every_awkward_record_gets_what_the_scalar_rules_give(units, settings, raw):
    records = _awkward(units)
    untouched = stored(units, "general", state="imported", public_until=date(2030, 1, 1))  # not published
    settings.CREDIT_PUBLICITY_POLICY = raw
    policy = publicity.policy_from_settings(raw)
    summary = service.publicity_recompute(on=ON)
    assert summary["records"] == len(records)
    moved = 0
    for record in records:
        before = (record.public_until, record.repairable_from)
        record.refresh_from_db()
        assert (record.severity, record.public_until, record.repairable_from) == _expected(record, policy), (
            record.decided_on, record.severity, record.publicity_until)
        moved += before != (record.public_until, record.repairable_from)
    assert summary["moved"] == moved > 0
    assert summary["retiered"] == len(AWKWARD_DAYS)  # the records without a tier: counted as general
    untouched.refresh_from_db()
    assert untouched.public_until == date(2030, 1, 1)
    assert service.publicity_recompute(on=ON, dry_run=True)["moved"] == 0  # all written: nothing left to move


def test_noted_as_ended_and_public_again_is_un_noted_but_a_repaired_record_is_not(units, settings):
    again = stored(units, "general", decided=date(2025, 1, 10), public_ended_on=date(2026, 1, 11))
    repaired = stored(units, "general", decided=date(2025, 1, 10), public_ended_on=date(2025, 9, 1),
                      repaired_on=date(2025, 9, 1))
    own = stored(units, "general", decided=date(2025, 1, 10), public_ended_on=date(2026, 1, 11),
                 publicity_until=date(2026, 12, 31))
    settings.CREDIT_PUBLICITY_POLICY = LONGER
    summary = service.publicity_recompute(on=ON)
    assert summary["public_again"] == 2 and summary["ended_now"] == 0
    for record in (again, repaired, own):
        record.refresh_from_db()
    assert (again.public_until, again.public_ended_on) == (date(2027, 1, 10), None)
    assert own.public_ended_on is None and own.public_until == date(2026, 12, 31)
    assert repaired.public_ended_on == date(2025, 9, 1)  # a repair stays a repair
    assert Entry.objects.get(action="credit.publicity.recomputed").after["public_again"] == 2


def _queries(callback) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        callback()
    return len(ctx.captured_queries)


def test_the_number_of_statements_does_not_grow_with_the_number_of_groups(units, settings):
    """One day moving or forty: the same statements (the pairs go into the temporary table at once)."""
    stored(units, "general", decided=date(2025, 1, 10))
    settings.CREDIT_PUBLICITY_POLICY = LONGER
    service.publicity_recompute(on=ON)  # the first ledger entry and its one-off queries
    Record.objects.all().delete()
    one = [stored(units, "general", policy=publicity.policy_from_settings(LONGER)) for _ in range(3)]
    settings.CREDIT_PUBLICITY_POLICY = {}
    summaries = []
    few = _queries(lambda: summaries.append(service.publicity_recompute(on=ON)))
    Record.objects.all().delete()
    many = [stored(units, tier, decided=date(2025, 7, 1) + timedelta(days=i))
            for i in range(40) for tier in ("general", "serious")]
    settings.CREDIT_PUBLICITY_POLICY = LONGER
    lots = _queries(lambda: summaries.append(service.publicity_recompute(on=ON)))
    assert few == lots
    assert [s["moved"] for s in summaries] == [len(one), len(many)]
    assert [e.after["moved_pairs"] for e in Entry.objects.filter(
        action="credit.publicity.recomputed").order_by("seq")][1:] == [1, 80]


@pytest.mark.parametrize("scan", [True, False])
def test_the_set_based_update_writes_only_rows_that_differ(units, scan):
    """`_write_pairs` whether it walks the table or the index: the rows of the pair whose values differ are
    written, a row already right, another tier, a 公示期限 of its own and an unpublished record are not."""
    import polars as pl

    wrong = stored(units, "general")
    right = stored(units, "general", public_until=date(2028, 5, 10), repairable_from=date(2026, 11, 11))
    other = stored(units, "serious")
    own = stored(units, "general", publicity_until=date(2026, 12, 31))
    draft = stored(units, "general", state="imported")
    pairs = pl.DataFrame({"decided": [DECIDED], "stored": ["general"], "tier_new": ["general"],
                          "ends_new": [date(2028, 5, 10)], "earliest_new": [date(2026, 11, 11)]})
    assert service._write_pairs(pairs, states=("published", "pushed"), on=ON, scan=scan) == 1
    for record in (wrong, other, own, draft):
        before = record.public_until
        record.refresh_from_db()
        assert record.public_until == (date(2028, 5, 10) if record is wrong else before)
    right.refresh_from_db()
    assert right.public_until == date(2028, 5, 10)


def test_the_daily_noting_runs_only_when_a_new_end_is_past(units, settings, monkeypatch):
    calls = []
    monkeypatch.setattr(service, "publicity_end_due", lambda **kw: calls.append(kw) or 0)
    stored(units, "general", decided=date(2025, 1, 10))
    settings.CREDIT_PUBLICITY_POLICY = LONGER  # later ends: nothing to note
    service.publicity_recompute(on=ON)
    assert calls == []
    settings.CREDIT_PUBLICITY_POLICY = {"general": {"publish": True, "min_months": 3, "max_months": 3}}
    service.publicity_recompute(on=ON)
    assert calls == [{"today": ON}]
