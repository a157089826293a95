"""Issue 19 §5 群众评议: residents rate published reform items — one rating per verified person (a 评议码 the
reform office hands out for a period) per item and period — and the ratings count in the assessment with their
own weight (component `public_rating`, the item's lead unit).

Hand-computed example (default weights: reforms 30, public_rating 10; the others have no figures for 区编办):
item 1 (filed by 区编办) rated 5 and 3 in 2016 → mean 4 → 100 × (4 − 1) / 4 = 75; reforms milestones 1 of 2
kept → 50; composite = (30 × 50 + 10 × 75) / (30 + 10) = 2250 / 40 = 56.25. A rating of 1 given in 2017 is
outside the period and does not count.
"""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse

from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.reforms import rules, selectors, services
from zhengwu.reforms.models import PublicRating, RatingCode

pytestmark = pytest.mark.django_db

PLAN = {"targets": "出台空编统筹办法", "content": "建立空闲编制收回制度", "responsible": "编办主任"}
YEAR = {"period_start": date(2016, 1, 1), "period_end": date(2016, 12, 31)}


@pytest.fixture
def published(make_user, units):
    """Item 1 filed by 区编办 and published; item 2 filed,
    not published. Returns the reform office's leader."""
    office = make_user("QWGGB", Role.LEADER)
    lead = make_user("QBB", Role.OPERATOR)
    for n in (1, 2):
        services.plan_register(number=n, unit=units["QBB"], on=date(2016, 3, 1), actor=lead, **PLAN)
    services.plan_publish(number=1, published=True, actor=office)
    return office


def _code(office, **period) -> RatingCode:
    [text] = services.rating_codes_issue(count=1, actor=office, **(period or YEAR))
    return services.rating_code_check(code=text, client="test")


def test_only_the_reform_office_issues_codes_shown_once_and_stored_as_digests(published, make_user):
    with pytest.raises(PermissionDenied):
        services.rating_codes_issue(count=3, actor=make_user("QBB", Role.LEADER), **YEAR)
    for bad in (0, "x", 1001):
        with pytest.raises(rules.RuleError) as caught:
            services.rating_codes_issue(count=bad, actor=published, **YEAR)
        assert caught.value.code == "invalid_count"
    with pytest.raises(rules.RuleError) as caught:
        services.rating_codes_issue(count=1, actor=published, period_start=date(2016, 2, 1),
                                    period_end=date(2016, 1, 1))
    assert caught.value.code == "bad_period"
    codes = services.rating_codes_issue(count=3, actor=published, **YEAR)
    assert len(set(codes)) == 3 and RatingCode.objects.count() == 3
    assert not RatingCode.objects.filter(digest__in=codes).exists()  # only digests are kept
    entry = Entry.objects.get(action="reforms.rating_codes.issued")
    assert entry.after["count"] == 3 and not any(c in str(entry.after) for c in codes)
    assert services.rating_code_check(code=codes[0], client="t").period_end == date(2016, 12, 31)
    assert services.rating_code_check(code="NOPE-NOPE", client="t") is None


def test_one_rating_per_verified_person_per_item_and_period(published):
    code, other = _code(published), _code(published)
    services.item_rate(code=code, number=1, score=4, on=date(2016, 5, 1))
    with pytest.raises(rules.RuleError) as caught:  # the same person, the same item, the same period
        services.item_rate(code=code, number=1, score=5, on=date(2016, 6, 1))
    assert (caught.value.code, caught.value.field) == ("already_rated", "item_number")
    services.item_rate(code=other, number=1, score=2, on=date(2016, 6, 1))  # another person
    later = _code(published, period_start=date(2017, 1, 1), period_end=date(2017, 12, 31))
    services.item_rate(code=later, number=1, score=3, on=date(2017, 1, 5))  # the same item, the next period
    assert PublicRating.objects.count() == 3
    assert Entry.objects.filter(action="reforms.item.rated").count() == 3
    for kwargs, expected in (
        ({"number": 2, "score": 3}, "not_published"),
        ({"number": 43, "score": 3}, "unknown_item"),
        ({"number": 1, "score": 6}, "score_out_of_range"),
        ({"number": 1, "score": "x"}, "score_out_of_range"),
    ):
        with pytest.raises(rules.RuleError) as caught:
            services.item_rate(code=_code(published), on=date(2016, 7, 1), **kwargs)
        assert caught.value.code == expected, kwargs
    with pytest.raises(rules.RuleError) as caught:
        services.item_rate(code=_code(published), number=1, score=3, on=date(2017, 1, 1))
    assert caught.value.code == "code_out_of_period"


def test_ratings_count_in_the_assessment_hand_computed(published, monkeypatch):
    from zhengwu.reforms.selectors import oversight

    monkeypatch.setattr(oversight, "providers", lambda name: {"reforms": lambda **k: [
        {"unit": "QBB", "measure": "reforms.milestones", "label": "节点", "due": 2, "kept": 1}]})
    for score in (5, 3):
        services.item_rate(code=_code(published), number=1, score=score, on=date(2016, 8, 1))
    late = _code(published, period_start=date(2017, 1, 1), period_end=date(2017, 12, 31))
    services.item_rate(code=late, number=1, score=1, on=date(2017, 1, 3))
    got = {a["unit"]: a for a in selectors.dashboard(start=date(2016, 1, 1), end=date(2016, 12, 31),
                                                     on=date(2016, 12, 31))["assessment"]}["QBB"]
    assert {k: v for k, v in got["components"].items() if v is not None} == {
        "reforms": 50.0,
        "public_rating": 75.0,
    }
    assert got["score"] == 56.25


def test_the_public_page_rates_with_a_code_and_refuses_wrong_codes(client, published):
    [text] = services.rating_codes_issue(count=1, actor=published, period_start=date(2016, 1, 1),
                                         period_end=date(2099, 12, 31))
    page = client.get(reverse("reforms:public"))
    assert page.status_code == 200 and 'name="code"' in page.content.decode()
    items = re.search(r'<select name="item_number"[^>]*>(.*?)</select>', page.content.decode()).group(1)
    assert '<option value="1">' in items and '<option value="2">' not in items  # only published items
    ok = client.post(reverse("reforms:public_rate"), {"code": text, "item_number": "1", "score": "4"})
    assert ok.status_code == 302 and PublicRating.objects.get().score == 4
    assert "感谢" in client.get(ok["Location"]).content.decode()
    again = client.post(reverse("reforms:public_rate"), {"code": text, "item_number": "1", "score": "5"})
    assert again.status_code == 400 and "每项每期一次" in again.content.decode()
    wrong = client.post(
        reverse("reforms:public_rate"), {"code": "WRONG-CODE", "item_number": "1", "score": "5"}
    )
    assert wrong.status_code == 400 and "评议码无效" in wrong.content.decode()
    with override_settings(
        REFORMS_RATING_CODE_LIMITS={"client_most": ((2, 3600),), "all_most": ((100, 3600),)}
    ):
        codes = [client.post(reverse("reforms:public_rate"), {"code": "WRONG-CODE", "item_number": "1",
                                                              "score": "5"}).status_code for _ in range(3)]
    assert codes[-1] == 429  # guessing codes is limited per client
    assert PublicRating.objects.count() == 1
