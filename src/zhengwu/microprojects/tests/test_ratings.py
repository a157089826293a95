"""好差评 of a completed project (issue 14 §4) through core.ratings: the street issues 评价码, one per person
it asks; a resident proves a code on the project's public page and rates once with the national five levels
(no scale of our own); staff can neither rate nor change; a 差评 goes to the community with a working-day
deadline and a follow-up rating; the public page shows counts beside the survey and nothing personal."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from zhengwu.core.errors import ApplicationError
from zhengwu.core.models import ServiceRating
from zhengwu.core.privacy import contains_personal_data
from zhengwu.core.ratings.standard import State
from zhengwu.ledger.models import Entry
from zhengwu.microprojects import services
from zhengwu.microprojects.models import RatingCode
from zhengwu.microprojects.tests.helpers import COMMUNITY, new_project, walk
from zhengwu.workdays.selectors import add_workdays

pytestmark = pytest.mark.django_db


def _page(project) -> str:
    return f"/microprojects/public/p/{project.pk}/"


def _rate_url(project) -> str:
    return f"/microprojects/public/p/{project.pk}/rate/"


@pytest.fixture
def done(cast):
    return walk(cast, new_project(cast), "completion")


def _prove(client, project, code):
    return client.post(_page(project), {"code": code})


def test_codes_are_issued_by_the_street_for_a_completed_project_only_and_kept_as_digests(cast, done):
    unfinished = walk(cast, new_project(cast, title="另一个项目"), "implementation")
    with pytest.raises(ApplicationError) as exc:
        services.rating_codes_issue(project=unfinished, count=5, actor=cast["street"])
    assert exc.value.code == "not_completed"
    for outsider in (cast["other_community"], cast["auditor"]):
        with pytest.raises(PermissionDenied):
            services.rating_codes_issue(project=done, count=5, actor=outsider)
    for bad in (0, 501, "x"):
        with pytest.raises(ApplicationError) as exc:
            services.rating_codes_issue(project=done, count=bad, actor=cast["street"])
        assert exc.value.code == "invalid_count"
    codes = services.rating_codes_issue(project=done, count=5, actor=cast["street"])
    assert len(set(codes)) == 5 and RatingCode.objects.filter(project=done).count() == 5
    stored = list(RatingCode.objects.values_list("digest", flat=True))
    assert not set(codes) & set(stored)
    entry = Entry.objects.get(action="microprojects.project.rating_codes_issued")
    assert entry.after["count"] == 5 and not any(c in json.dumps(entry.after) for c in codes)


def test_the_staff_page_issues_codes_once(client, cast, done):
    client.force_login(cast["street"])
    assert 'id="act-rating-codes"' in client.get(f"/microprojects/{done.pk}/").content.decode()
    body = client.post(f"/microprojects/{done.pk}/rating-codes/", {"count": "3"}).content.decode()
    assert body.count("<li><code>") == 3
    assert client.post(f"/microprojects/{done.pk}/rating-codes/", {"count": "abc"}).status_code == 400
    client.force_login(cast["other_community"])
    assert client.post(f"/microprojects/{done.pk}/rating-codes/", {"count": "3"}).status_code in (403, 404)


def test_one_rating_per_code_through_core_ratings_with_the_national_levels(cast, done):
    code, other = services.rating_codes_issue(project=done, count=2, actor=cast["street"])
    resident = Client()
    assert resident.post(_rate_url(done), {"level": "5"}).status_code == 404  # no code proved
    assert _prove(resident, done, "ABCD-EFGH-JKMN").status_code == 403
    assert _prove(resident, done, code.lower()).status_code == 302
    page = resident.get(_page(done)).content.decode()
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f"> {label}</label>" in page
    resident.post(_rate_url(done), {"level": "4", "tags": ["solved"]})
    resident.post(_rate_url(done), {"level": "1", "comment": "再评一次不行"})
    rating = ServiceRating.objects.get()
    assert (rating.system, rating.level, rating.unit.code, rating.tags) == (
        "microprojects",
        4,
        COMMUNITY,
        ["solved"],
    )
    assert rating.subject.startswith(f"{done.pk}/")
    assert RatingCode.objects.filter(used_at__isnull=False).count() == 1
    assert Entry.objects.filter(action="core.rating.submitted").count() == 1
    assert Entry.objects.filter(action="microprojects.project.rated").count() == 1
    second = Client()  # another person, another code: another rating
    _prove(second, done, other)
    second.post(_rate_url(done), {"level": "3"})
    assert ServiceRating.objects.count() == 2
    data = Client().get(f"/microprojects/public/p/{done.pk}.json").json()
    assert data["project"]["resident_ratings"]["count"] == 2
    assert data["project"]["resident_ratings"]["satisfied_share"] == 50.0
    community = Client().get(f"/microprojects/public/c/{COMMUNITY}/").content.decode()
    assert "居民好差评" in community and f"/microprojects/public/p/{done.pk}/" in community


def test_a_code_of_one_project_does_not_open_another(cast, done):
    other = walk(cast, new_project(cast, title="第二个完工项目"), "completion")
    code = services.rating_codes_issue(project=done, count=1, actor=cast["street"])[0]
    resident = Client()
    assert _prove(resident, other, code).status_code == 403
    assert resident.post(_rate_url(other), {"level": "5"}).status_code == 404


def test_a_poor_rating_goes_to_the_community_with_a_deadline_then_a_follow_up(cast, done, make_user):
    code = services.rating_codes_issue(project=done, count=1, actor=cast["street"])[0]
    resident = Client()
    _prove(resident, done, code)
    resident.post(_rate_url(done), {"level": "1", "tags": ["unsolved"], "comment": "步道积水"})
    rating = ServiceRating.objects.get()
    assert rating.state == State.TO_RECTIFY and rating.unit.code == COMMUNITY
    assert rating.rectify_due == add_workdays(timezone.localdate(rating.created_at), 15)
    staff = Client()
    staff.force_login(cast["community"])
    staff.post(f"/ratings/{rating.pk}/rectify/", {"note": "已疏通排水并加装挡水条"})
    later = Client()  # the resident comes back another day with the same code
    _prove(later, done, code)
    assert 'id="follow-up-form"' in later.get(_page(done)).content.decode()
    later.post(_rate_url(done), {"level": "4"})
    rating.refresh_from_db()
    assert (rating.state, rating.follow_up_level, rating.level) == (State.FOLLOWED_UP, 4, 1)


def test_staff_can_neither_rate_nor_change(cast, done):
    code = services.rating_codes_issue(project=done, count=1, actor=cast["street"])[0]
    client = Client()
    _prove(client, done, code)
    client.force_login(cast["community"])
    page = client.get(_page(done)).content.decode()
    assert "工作人员不能代群众评价" in page and 'id="service-rating-form"' not in page
    client.post(_rate_url(done), {"level": "5"})
    assert not ServiceRating.objects.exists() and RatingCode.objects.get().used_at is None


def test_wrong_codes_are_limited(cast, done, settings):
    settings.MICROPROJECTS_RATING_CODE_LIMITS = {"client_most": ((3, 3600),), "all_most": ((100, 3600),)}
    code = services.rating_codes_issue(project=done, count=1, actor=cast["street"])[0]
    resident = Client()
    for _ in range(3):
        assert _prove(resident, done, "ABCD-EFGH-JKMN").status_code == 403
    refused = _prove(resident, done, code)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_rating_text_is_limited_and_escaped_and_the_page_shows_nothing_personal(cast, done):
    code = services.rating_codes_issue(project=done, count=1, actor=cast["street"])[0]
    resident = Client()
    _prove(resident, done, code)
    resident.post(_rate_url(done), {"level": "2", "comment": "差" * 501})
    assert "最多 500 个字" in resident.get(_page(done)).content.decode()
    hostile = "<script>alert(1)</script>联系我13912345678"
    resident.post(_rate_url(done), {"level": "2", "comment": hostile})
    assert ServiceRating.objects.get().comment == hostile
    for client in (resident, Client()):
        body = client.get(_page(done)).content.decode()
        assert (
            "<script>alert(1)" not in body
            and "13912345678" not in body
            and contains_personal_data(body) == []
        )
    staff = Client()
    staff.force_login(cast["community"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in staff.get("/ratings/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/microprojects/public/p/99999999999999999999/",
        "/microprojects/public/p/0/rate/",
        "/microprojects/public/p/99999999999999999999.json",
    ],
)
def test_bad_addresses_never_fail(cast, path):
    assert Client().get(path).status_code == 404
    assert Client().post(path, {"code": "x" * 500, "level": "<"}).status_code == 404


def test_bad_posts_never_fail(cast, done):
    for data in ({}, {"code": "x" * 500}, {"code": "１２３"}):
        assert _prove(Client(), done, data.get("code", "")).status_code in (400, 403)
    assert Client().get(_rate_url(done)).status_code == 404
