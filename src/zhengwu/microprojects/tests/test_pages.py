"""§9 transparency and the pages: the community's public page, notices, hostile public input, no person's
data on any public page; the staff pages drive the services and show refusals without a 500."""

import json
from datetime import date

import pytest

from zhengwu.core.privacy import contains_personal_data
from zhengwu.microprojects import services
from zhengwu.microprojects.models import Objection, Suggestion
from zhengwu.microprojects.tests.helpers import COMMUNITY, new_project, walk

pytestmark = pytest.mark.django_db

PHONE, ID = "13912345678", "440303198001011234"


def _person_project(cast):
    s = services.suggestion_submit(
        unit=cast["units"][COMMUNITY],
        title="步道",
        channel="web",
        proposer_name="欧阳小明",
        proposer_contact=PHONE,
    )
    return walk(
        cast,
        new_project(
            cast,
            suggestions=[s],
            applicant_kind="resident",
            applicant_name="欧阳小明",
            title="欧阳小明建议的无障碍步道",
            body=f"联系欧阳小明 {PHONE}，身份证 {ID}，邮箱 ouyang@example.com",
        ),
        "evaluation",
    )


def test_the_communitys_public_page_shows_status_budget_progress_audits_and_satisfaction(client, cast):
    project = _person_project(cast)
    services.budget_set(actor=cast["admin"], unit=cast["units"][COMMUNITY], year=2026, amount="2000000")
    body = client.get(f"/microprojects/public/c/{COMMUNITY}/").content.decode()
    assert "满意度测评" in body and "92.50%" in body and "2000000" in body and "工程结算审计" in body
    data = client.get(f"/microprojects/public/c/{COMMUNITY}.json").json()
    assert data["projects"][0]["progress"] == 100 and data["projects"][0]["satisfaction"] == "92.50"
    for text in (body, json.dumps(data, ensure_ascii=False)):
        assert contains_personal_data(text) == []
        assert "欧阳小明" not in text and "ouyang@example.com" not in text and "工程专家" not in text
    assert project.pk


def test_no_public_page_or_search_shows_a_persons_data(client, cast):
    project = walk(cast, new_project(cast, applicant_kind="resident", applicant_name="欧阳小明",
                                     title="欧阳小明的步道", body=f"电话 {PHONE}"), "first_secretary")
    notice = services.notice_publish(project=project, actor=cast["community"], on=date.today())
    services.objection_submit(notice=notice, body="异议", contact="13800000000", on=date.today())
    pages = [
        "/microprojects/public/",
        "/microprojects/public/index.json",
        f"/microprojects/public/notice/{notice.pk}/",
        f"/microprojects/public/c/{COMMUNITY}/",
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert contains_personal_data(text) == [] and "欧阳小明" not in text and "13800000000" not in text, (
            url
        )
    from zhengwu.core.systems import provided

    found = json.dumps(provided("microprojects", "public_search")("步道", limit=5), ensure_ascii=False)
    assert "欧阳小明" not in found and "欧" in found  # masked, not removed


def test_a_project_before_its_notice_is_not_public(client, cast):
    walk(cast, new_project(cast, title="内部审议中的项目"), "residents_council")
    assert "内部审议中的项目" not in client.get(f"/microprojects/public/c/{COMMUNITY}/").content.decode()
    assert client.get("/microprojects/public/c/NOWHERE/").status_code == 404
    assert client.get("/microprojects/public/notice/999999/").status_code == 404


def test_hostile_public_input_is_limited_escaped_and_never_a_500(client, cast, settings):
    settings.MICROPROJECTS_PUBLIC_LIMITS = {"client_most": ((2, 3600),), "all_most": ((100, 3600),)}
    post = {"community": COMMUNITY, "title": "<script>alert(1)</script>", "text": "x" * 10}
    assert client.post("/microprojects/public/suggest/", post).status_code == 200
    assert Suggestion.objects.get().title == "<script>alert(1)</script>"  # stored as text …
    page = client.get("/microprojects/public/").content.decode()
    assert "<script>alert(1)" not in page  # … never served as HTML
    for bad in ({"community": COMMUNITY, "title": "t" * 5000}, {"community": "NOWHERE", "title": "t"},
                {"community": COMMUNITY, "title": ""}, {"community": COMMUNITY + "\u0000", "title": "t"}):
        assert client.post("/microprojects/public/suggest/", bad).status_code in {400, 404}
    client.post("/microprojects/public/suggest/", post)
    refused = client.post("/microprojects/public/suggest/", post)
    assert refused.status_code == 429 and Suggestion.objects.count() == 2


def test_an_objection_is_taken_while_the_notice_runs(client, cast):
    project = walk(cast, new_project(cast), "first_secretary")
    notice = services.notice_publish(project=project, actor=cast["community"], on=date.today())
    url = f"/microprojects/public/notice/{notice.pk}/"
    page = client.get(url).content.decode()
    assert notice.content_hash in page
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "占用绿地", "contact": "微信 abc"}).status_code == 200
    assert Objection.objects.get().text == "占用绿地"


def test_staff_pages_take_a_project_forward_and_show_a_refusal_without_a_500(client, cast):
    project = new_project(cast)
    client.force_login(cast["community"])
    assert "社区公园无障碍步道改造" in client.get("/microprojects/").content.decode()
    assert client.post(f"/microprojects/{project.pk}/do/first_secretary/", {"passed": "1"}).status_code == 403
    client.force_login(cast["secretary"])
    refused = client.post(f"/microprojects/{project.pk}/do/first_secretary/", {"passed": "1", "note": ""})
    assert refused.status_code == 400 and "步骤顺序错误" in refused.content.decode()
    client.force_login(cast["community"])
    ok = client.post(f"/microprojects/{project.pk}/do/two_committees/",
                     {"passed": "1", "note": "预审通过", "attendees": "9"})
    assert ok.status_code == 302
    assert client.get(f"/microprojects/{project.pk}.json").json()["project"]["step"] == "two_committees"
    assert client.post(f"/microprojects/{project.pk}/do/nonsense/", {}).status_code == 400
    client.force_login(cast["other_community"])
    assert client.get(f"/microprojects/{project.pk}/").status_code == 404


def test_the_wechat_api_needs_a_key_and_names_a_bad_field(client, cast):
    response = client.post(
        "/microprojects/api/suggestions/",
        json.dumps({"community": COMMUNITY, "title": "t"}),
        content_type="application/json",
    )
    assert response.status_code == 401
