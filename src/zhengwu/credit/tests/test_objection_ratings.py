"""好差评 of an objection's handling (异议处理结果, issue 14 §4) through core.ratings: the objector proves the
objection with its number and the 查询码 shown once at filing, sees the handling and, once it is answered,
rates it once (the national five levels and tags); staff can neither rate nor change; a 差评 goes to the
record's unit with a working-day deadline and a follow-up rating; the page shows nothing personal."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zhengwu.core.models import ServiceRating
from zhengwu.core.privacy import contains_personal_data
from zhengwu.core.ratings.standard import State
from zhengwu.credit.models import Objection
from zhengwu.credit.services import objections
from zhengwu.credit.tests.workflow_factories import make_record
from zhengwu.ledger.models import Entry
from zhengwu.org.roles import Role
from zhengwu.workdays.selectors import add_workdays

pytestmark = pytest.mark.django_db

NAME, PHONE = "欧阳李明", "13812345678"
FORM = {"name": NAME, "contact": PHONE, "content": "该处罚已于上月撤销，请核实"}
LOOKUP = "/credit/public/objections/"


def _published(unit):
    return make_record(unit, state="published", public_until=timezone.localdate() + timedelta(days=90))


def _file(client, record) -> tuple[int, str]:
    """File through the public form; the number and 查询码 as the confirmation page shows them."""
    body = client.post(f"/credit/objections/new/{record.pk}/", FORM).content.decode()
    number = re.search(r'id="objection-number">(\d+)<', body).group(1)
    code = re.search(r'id="objection-code"><strong>([A-Z0-9-]+)<', body).group(1)
    return int(number), code


def _prove(client, number, code):
    return client.post(LOOKUP, {"number": str(number), "code": code})


def _answer(objection_pk, units, make_user, answer="经核实，处罚已撤销，记录已撤下。"):
    me = make_user("QCGJ", Role.OPERATOR)
    return objections.objection_answer(
        Objection.objects.get(pk=objection_pk), outcome="revoked", answer=answer, actor=me
    )


def test_filing_shows_the_number_and_a_code_once_and_keeps_only_its_digest(units):
    client = Client()
    number, code = _file(client, _published(units["QCGJ"]))
    o = Objection.objects.get(pk=number)
    assert len(code) == 14 and o.lookup_digest and code not in o.lookup_digest
    assert not Entry.objects.filter(after__icontains=code).exists()
    assert code not in str(list(Entry.objects.values_list("after", "note")))


def test_lookup_needs_the_matching_code_with_the_same_words_whether_the_number_exists(units):
    client = Client()
    number, code = _file(client, _published(units["QCGJ"]))
    wrong = _prove(client, number, "ABCD-EFGH-JKMN")
    missing = _prove(client, 999999, code)
    garbage = _prove(client, "abc", "<script>")
    for response in (wrong, missing, garbage):
        assert response.status_code == 403
        assert "异议编号与查询码不匹配" in response.content.decode()
    assert "objection-result" not in client.get(f"{LOOKUP}?number={number}").content.decode()
    ok = _prove(client, number, code.lower().replace("-", " "))  # as typed: lower case, spaces
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert 'id="objection-state"' in page and "待受理" in page


def test_wrong_codes_are_limited_with_retry_after(units, settings):
    settings.CREDIT_OBJECTION_LOOKUP_RATE = {"client_most": ((3, 3600),), "number_most": ((100, 86400),)}
    client = Client()
    number, code = _file(client, _published(units["QCGJ"]))
    for _ in range(3):
        assert _prove(client, number, "ABCD-EFGH-JKMN").status_code == 403
    refused = _prove(client, number, code)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_only_an_answered_objection_is_rated_and_only_by_who_proved_it(units, make_user):
    client = Client()
    number, code = _file(client, _published(units["QCGJ"]))
    rate = f"/credit/public/objections/{number}/rate/"
    assert Client().post(rate, {"level": "5"}).status_code == 404  # not proved in this session
    _prove(client, number, code)
    assert 'id="service-rating-form"' not in client.get(f"{LOOKUP}?number={number}").content.decode()
    client.post(rate, {"level": "5"})
    page = client.get(f"{LOOKUP}?number={number}").content.decode()
    assert "办理结果出来后才能评价" in page and not ServiceRating.objects.exists()
    _answer(number, units, make_user)
    page = client.get(f"{LOOKUP}?number={number}").content.decode()
    assert 'id="service-rating-form"' in page and "撤销记录" in page
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意"):
        assert f"> {label}</label>" in page
    assert client.post(rate, {"level": "5", "tags": ["efficient"]}).status_code == 302
    rating = ServiceRating.objects.get()
    assert (rating.system, rating.subject, rating.unit.code, rating.level, rating.tags) == (
        "credit", f"objection-{number}", "QCGJ", 5, ["efficient"])
    assert Entry.objects.filter(action="core.rating.submitted").count() == 1
    client.post(rate, {"level": "1", "comment": "再评一次试试看"})  # one rating per objection
    assert ServiceRating.objects.get().level == 5 and ServiceRating.objects.count() == 1


def test_a_poor_rating_goes_to_the_unit_with_a_deadline_then_a_follow_up(units, make_user):
    client = Client()
    number, code = _file(client, _published(units["QCGJ"]))
    _prove(client, number, code)
    _answer(number, units, make_user)
    rate = f"/credit/public/objections/{number}/rate/"
    client.post(rate, {"level": "2"})  # no reason: refused, announced
    page = client.get(f"{LOOKUP}?number={number}").content.decode()
    assert 'id="service-rating-form-error"' in page and not ServiceRating.objects.exists()
    client.post(rate, {"level": "2", "tags": ["slow", "unsolved"]})
    rating = ServiceRating.objects.get()
    assert rating.state == State.TO_RECTIFY and rating.unit.code == "QCGJ"
    assert rating.rectify_due == add_workdays(timezone.localdate(rating.created_at), 15)
    staff = Client()
    staff.force_login(make_user("QCGJ", Role.OPERATOR))
    assert f"objection-{number}" in staff.get("/ratings/").content.decode()
    staff.post(f"/ratings/{rating.pk}/rectify/", {"note": "已约谈经办人并重新答复"})
    page = client.get(f"{LOOKUP}?number={number}").content.decode()
    assert 'id="follow-up-form"' in page and "已约谈经办人并重新答复" in page
    client.post(rate, {"level": "4"})
    rating.refresh_from_db()
    assert (rating.state, rating.follow_up_level, rating.level) == (State.FOLLOWED_UP, 4, 2)
    assert [e.action for e in Entry.objects.filter(action__startswith="core.rating.").order_by("id")] == [
        "core.rating.submitted", "core.rating.rectified", "core.rating.followed_up"]


def test_staff_can_neither_rate_nor_change_a_rating(units, make_user):
    client = Client()
    number, code = _file(client, _published(units["QCGJ"]))
    _prove(client, number, code)
    _answer(number, units, make_user)
    client.force_login(make_user("QCGJ", Role.OPERATOR))  # the same session, now logged in
    page = client.get(f"{LOOKUP}?number={number}").content.decode()
    assert "工作人员不能代群众评价" in page and 'id="service-rating-form"' not in page
    client.post(f"/credit/public/objections/{number}/rate/", {"level": "5"})
    assert not ServiceRating.objects.exists()
    page = client.get(f"{LOOKUP}?number={number}").content.decode()
    assert "工作人员不能代群众评价" in page


def test_rating_text_is_limited_and_escaped(units, make_user):
    client = Client()
    number, code = _file(client, _published(units["QCGJ"]))
    _prove(client, number, code)
    _answer(number, units, make_user)
    rate = f"/credit/public/objections/{number}/rate/"
    client.post(rate, {"level": "1", "comment": "差" * 501})
    assert "最多 500 个字" in client.get(f"{LOOKUP}?number={number}").content.decode()
    client.post(rate, {"level": "1", "comment": "<script>alert(1)</script>很差", "tags": ["<img src=x>"]})
    assert not ServiceRating.objects.exists()  # an unknown tag is refused
    client.post(rate, {"level": "1", "comment": "<script>alert(1)</script>很差"})
    staff = Client()
    staff.force_login(make_user("QCGJ", Role.OPERATOR))
    body = staff.get("/ratings/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;很差" in body and "<script>alert(1)" not in body


def test_the_page_shows_nothing_personal(units, make_user):
    client = Client()
    number, code = _file(client, _published(units["QCGJ"]))
    _prove(client, number, code)
    _answer(
        number,
        units,
        make_user,
        answer=f"已电话联系{NAME}（{PHONE}），身份证440303198001011234核实，记录已撤销。",
    )
    page = client.get(f"{LOOKUP}?number={number}").content.decode()
    assert "记录已撤销" in page
    assert NAME not in page and PHONE not in page and FORM["content"] not in page
    assert contains_personal_data(page) == []


@pytest.mark.parametrize(
    "query", ["?number=abc", "?number=99999999999999999999999", "?number=%00", "?number=-1"]
)
def test_bad_lookups_never_fail(units, query):
    assert Client().get(LOOKUP + query).status_code in (200, 400)  # a NUL is refused before any view


@pytest.mark.parametrize(
    "data", [{}, {"number": "1" * 40, "code": "x" * 400}, {"number": "１２", "code": "ＡＢＣＤ"}]
)
def test_bad_posts_never_fail(units, data):
    assert Client().post(LOOKUP, data).status_code in (400, 403)
    assert Client().post("/credit/public/objections/99999999999999999999/rate/", data).status_code == 404
    assert Client().get("/credit/public/objections/1/rate/").status_code == 405
