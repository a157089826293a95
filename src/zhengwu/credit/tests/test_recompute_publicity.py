"""Issue 16 §3: changing the rule version configuration recomputes every affected 公示截止期 and says how many
records moved (`zhengwu credit recompute-publicity`); a tier the unit overrode with a reason is not re-tiered."""

import json
from datetime import date
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
    pub = publicity.penalty_publicity(decided_on=decided, severity=publicity.Severity(tier), policy=policy, on=ON)
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
