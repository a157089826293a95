"""好差评 (core.ratings, 国办发〔2019〕51号): the five levels and tags, one
rating per case, staff can neither rate nor change, a 差评 goes to the unit with a deadline on the
working-day calendar and gets a follow-up rating."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import override_settings

from zhengwu.core.errors import ApplicationError
from zhengwu.core.models import ServiceRating
from zhengwu.core.ratings import selectors, services, standard
from zhengwu.core.ratings.standard import Level, State
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.workdays.selectors import add_workdays

PUBLIC = AnonymousUser()


def _code(exc_info) -> str:
    return exc_info.value.code


# --- The scale and the tags (pure) ---------------------------------------------------------------------

def test_the_national_five_levels_in_order():
    assert [str(standard.LEVEL_LABELS[level]) for level in sorted(Level, reverse=True)] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert standard.POOR_LEVELS == {Level.UNSATISFIED, Level.VERY_UNSATISFIED}


def test_each_national_indicator_has_a_positive_and_a_negative_tag():
    indicators = {str(t.indicator) for t in standard.TAGS}
    assert {"办事效率", "办事指南精确度", "办事便捷度", "平台操作性", "服务态度", "服务水平"} <= indicators
    for indicator in indicators:
        kinds = {t.positive for t in standard.TAGS if str(t.indicator) == indicator}
        assert kinds == {True, False}, indicator


@pytest.mark.parametrize("value", ["", "0", "6", "abc", None, "3.5"])
def test_an_unknown_level_is_refused_naming_the_field(value):
    with pytest.raises(ApplicationError) as exc:
        standard.clean_rating(level=value)
    assert (_code(exc), exc.value.field) == ("invalid_level", "level")


def test_tags_must_be_known_and_of_the_levels_kind():
    assert standard.clean_rating(level="5", tags=["efficient", "efficient", "solved"])[1] == [
        "efficient",
        "solved",
    ]
    assert standard.clean_rating(level="3", tags=["slow"])[1] == ["slow"]
    with pytest.raises(ApplicationError) as exc:
        standard.clean_rating(level="5", tags=["slow"])
    assert _code(exc) == "tag_not_for_level"
    with pytest.raises(ApplicationError) as exc:
        standard.clean_rating(level="1", tags=["solved"])
    assert _code(exc) == "tag_not_for_level"
    with pytest.raises(ApplicationError) as exc:
        standard.clean_rating(level="4", tags=["<script>"])
    assert _code(exc) == "invalid_tag"


def test_a_poor_rating_says_why():
    with pytest.raises(ApplicationError) as exc:
        standard.clean_rating(level="2")
    assert _code(exc) == "reason_required"
    assert standard.clean_rating(level="2", tags=["unsolved"])[0] == Level.UNSATISFIED
    assert standard.clean_rating(level="1", comment="路灯还是不亮")[2] == "路灯还是不亮"
    assert standard.clean_rating(level="3")[0] == Level.BASICALLY_SATISFIED  # 基本满意 is not 差评
    with pytest.raises(ApplicationError) as exc:
        standard.clean_rating(level="4", comment="好" * 501)
    assert _code(exc) == "too_long"


# --- Services ------------------------------------------------------------------------------------------

@pytest.fixture
def unit(units):
    return units["GY"]


def _rate(unit, level, subject="LH20260105000001", **kw):
    kw.setdefault("tags", ["unsolved"] if standard.is_poor(int(level)) else [])
    return services.rating_submit(
        system="dispatch", subject=subject, unit=unit, level=level, rater=PUBLIC, **kw
    )


@pytest.mark.django_db
def test_a_good_rating_is_stored_once_with_a_ledger_entry_and_nothing_to_rectify(unit):
    rating = _rate(unit, "5", tags=["efficient"], comment="很快")
    assert (rating.level, rating.state, rating.rectify_due, rating.tags) == (
        5,
        State.RATED,
        None,
        ["efficient"],
    )
    entry = Entry.objects.get(action="core.rating.submitted")
    assert entry.object_id == str(rating.pk) and entry.unit_id == unit.pk and entry.actor_label == "public"


@pytest.mark.django_db
def test_one_rating_per_case(unit):
    _rate(unit, "4")
    with pytest.raises(ApplicationError) as exc:
        _rate(unit, "1", comment="再评一次差评")
    assert (_code(exc), exc.value.status) == ("already_rated", 409)
    assert ServiceRating.objects.get().level == 4
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):  # the database says so too, whatever the code path
        ServiceRating.objects.create(system="dispatch", subject="LH20260105000001", level=3, state="rated",
                                     created_at=ServiceRating.objects.get().created_at)
    assert _rate(unit, "4", subject="LH20260105000002").subject == "LH20260105000002"  # another case: fine


@pytest.mark.django_db
def test_staff_cannot_rate(unit, make_user):
    staff = make_user("GY", Role.OPERATOR)
    with pytest.raises(ApplicationError) as exc:
        services.rating_submit(system="dispatch", subject="LH1", unit=unit, level="5", rater=staff)
    assert (_code(exc), exc.value.status) == ("staff_cannot_rate", 403)
    assert (
        not ServiceRating.objects.exists()
        and not Entry.objects.filter(action__startswith="core.rating").exists()
    )


@pytest.mark.django_db
@override_settings(SERVICE_RATING_RECTIFY_WORKDAYS=15)
def test_a_poor_rating_goes_to_the_unit_with_a_deadline_on_the_working_day_calendar(unit, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2025, 9, 26))  # a Friday before 国庆
    rating = _rate(unit, "1", tags=["slow", "unsolved"])
    assert rating.state == State.TO_RECTIFY
    assert rating.rectify_due == add_workdays(date(2025, 9, 26), 15)
    assert rating.rectify_due > date(2025, 10, 17)  # the holiday week does not count
    assert selectors.present(rating, today=rating.rectify_due)["overdue"] is False
    assert selectors.present(rating, today=date(2025, 12, 31))["overdue"] is True


@pytest.mark.django_db
def test_the_unit_rectifies_then_the_resident_follows_up_once(unit, units, make_user):
    rating = _rate(unit, "2", comment="回复与实际不符")
    outsider = make_user("NH", Role.OPERATOR)
    reader = make_user("GY", Role.AUDITOR)  # reads everything, writes nothing
    for who in (outsider, reader, PUBLIC):
        with pytest.raises(PermissionDenied):
            services.rating_rectify(rating, actor=who, note="已整改")
    with pytest.raises(ApplicationError) as exc:  # the resident cannot follow up before the unit reports
        services.rating_follow_up(rating, level="5", rater=PUBLIC)
    assert _code(exc) == "not_rectified"
    staff = make_user("GY", Role.OPERATOR)
    with pytest.raises(ApplicationError) as exc:
        services.rating_rectify(rating, actor=staff, note="")
    assert _code(exc) == "required"
    rating = services.rating_rectify(rating, actor=staff, note="已重新派员核查并维修路灯")
    assert (rating.state, rating.rectified_by) == (State.RECTIFIED, staff)
    with pytest.raises(ApplicationError) as exc:
        services.rating_rectify(rating, actor=staff, note="再次整改")
    assert _code(exc) == "not_to_rectify"
    with pytest.raises(ApplicationError) as exc:
        services.rating_follow_up(rating, level="5", rater=staff)
    assert _code(exc) == "staff_cannot_rate"
    rating = services.rating_follow_up(rating, level="4", tags=["solved"], rater=PUBLIC)
    assert (rating.state, rating.follow_up_level, rating.level) == (
        State.FOLLOWED_UP,
        4,
        2,
    )  # the first stays
    with pytest.raises(ApplicationError) as exc:
        services.rating_follow_up(rating, level="5", rater=PUBLIC)
    assert _code(exc) == "not_rectified"
    actions = list(
        Entry.objects.filter(action__startswith="core.rating").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["core.rating.submitted", "core.rating.rectified", "core.rating.followed_up"]


# --- The units' page and the admin ---------------------------------------------------------------------

@pytest.mark.django_db
def test_the_unit_sees_its_own_poor_ratings_and_reports_on_the_page(client, unit, units, make_user):
    mine = _rate(unit, "1", subject="LH20260105000011")
    _rate(units["NH"], "2", subject="LH20260105000012")
    _rate(unit, "5", subject="LH20260105000013")  # a good rating is not on the list
    client.force_login(make_user("GY", Role.OPERATOR))
    html = client.get("/ratings/").content.decode()
    assert "LH20260105000011" in html and "LH20260105000012" not in html and "LH20260105000013" not in html
    response = client.post(f"/ratings/{mine.pk}/rectify/", {"note": "已约谈经办人并重新处置"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.state == State.RECTIFIED
    other = ServiceRating.objects.get(subject="LH20260105000012")
    assert client.post(f"/ratings/{other.pk}/rectify/", {"note": "越权整改"}).status_code == 404


@pytest.mark.django_db
def test_no_one_changes_a_rating_in_the_admin(client, unit, make_user):
    rating = _rate(unit, "1", comment="太慢")
    admin = make_user("LH", Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = f"/admin/core/servicerating/{rating.pk}/change/"
    assert client.get(url).status_code == 200  # readable
    client.post(url, {"level": "5", "comment": "改成好评", "state": "rated"})
    assert client.post(f"/admin/core/servicerating/{rating.pk}/delete/", {"post": "yes"}).status_code == 403
    rating.refresh_from_db()
    assert (rating.level, rating.comment, rating.state) == (1, "太慢", State.TO_RECTIFY)
