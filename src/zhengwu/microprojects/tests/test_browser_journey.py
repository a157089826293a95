"""Issue 17, done when: a browser takes one engineering project of 350,000 yuan from a resident's suggestion
through the two committees, the expert review (experts drawn from 区住房建设局's pool, the
amount set by them), the residents' council (votes on paper counted too), the first secretary's approval
and the 5-working-day notice, then the budget review by 区审计局, implementation (a milestone with a
photo), completion and the settlement and final-accounts audits — and sees it on the community's public
page with its status, budget, progress, photo and audit results.

The clock cannot be moved in a live server: after the notice is published its dates are moved back in the
database (the five working days have passed, with no objection), as a resident would find it a week later."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhengwu.ledger.models import Entry
from zhengwu.microprojects import services
from zhengwu.microprojects.models import MilestoneFile, Notice, Project, Suggestion
from zhengwu.org.roles import Role
from zhengwu.testing import hostile_files as hostile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMUNITY = "GY-DTL"


def _act(page, action: str, values: dict, selects: dict | None = None) -> None:
    form = f"#act-{action}"
    for name, value in (selects or {}).items():
        page.select_option(f"{form} [name={name}]", value)
    for name, value in values.items():
        page.fill(f"{form} [name={name}]", value)
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()
    error = page.locator("#error")
    assert not error.count(), error.inner_text()


def test_engineering_project_of_350000_from_suggestion_to_audit_on_the_public_page(
    page, login, make_user, units, tmp_path
):
    base = page.base_url + "/microprojects"
    housing = make_user("QZFJSJ", Role.OPERATOR, "zj_op")
    for i, field in enumerate(["建筑工程"] * 3 + ["财务管理"] * 2):
        services.expert_register(actor=housing, pool="engineering", name=f"工程专家{i}", fields=[field])
    leader = make_user(COMMUNITY, Role.LEADER, "dtl_leader")
    services.council_configure(actor=leader, unit=units[COMMUNITY], members=21)
    street_leader = make_user("GY", Role.LEADER, "gy_leader")
    services.budget_set(
        actor=street_leader, unit=units[COMMUNITY], year=timezone.localdate().year, amount=800000
    )
    make_user(COMMUNITY, Role.OPERATOR, "dtl_op")
    make_user("GY", Role.OPERATOR, "gy_op")
    make_user("QSJJ", Role.AUDITOR, "sjj_aud")

    # 1. a resident suggests it on the public page (name and contact stay private)
    page.goto(base + "/public/")
    page.fill("#id_community_code", COMMUNITY)
    page.fill("[name=title]", "社区公园无障碍步道改造")
    page.fill("[name=text]", "公园步道台阶多，长者和轮椅通行困难，建议改造为无障碍步道")
    page.fill("[name=name]", "陈阿姨")
    page.click("form[action$='/public/suggest/'] button[type=submit]")
    expect(page.locator("#submitted")).to_be_visible()
    suggestion = Suggestion.objects.get()

    # 2. the community files the project from the suggestion; the two committees pre-review it
    login("dtl_op")
    page.goto(base + "/suggestions/")
    assert "社区公园无障碍步道改造" in page.inner_text(f"#suggestion-{suggestion.pk}")
    page.goto(base + "/new/")
    page.select_option("#id_unit", COMMUNITY)
    page.select_option("[name=category]", "engineering")
    page.select_option("[name=kind]", "mandatory")
    page.select_option("[name=applicant_kind]", "residents_committee")
    for name, value in {
        "amount": "350000",
        "title": "社区公园无障碍步道改造",
        "applicant_name": "大塘龙社区居委会",
        "description": "将公园步道台阶改为坡道，加装扶手",
        "suggestions": str(suggestion.pk),
    }.items():
        page.fill(f"[name={name}]", value)
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/microprojects/\d+/$"))
    project = Project.objects.get()
    assert list(project.suggestions.all()) == [suggestion] and project.amount == 350000
    assert page.inner_text("#step") == "建议征集"
    _act(page, "two_committees", {"note": "两委联席会议预审通过", "attendees": "9"})
    assert page.inner_text("#step") == "两委预审"

    # 3. the street draws experts from 区住房建设局's pool and records the review; the experts set the amount
    page.context.clear_cookies()
    login("gy_op")
    page.goto(f"{base}/{project.pk}/")
    _act(page, "draw", {"field": "建筑工程", "count": "3"})
    _act(page, "expert_review", {"note": "方案可行，评定金额 350,000 元", "amount": "350000"})
    assert page.inner_text("#step") == "专家评审"

    # 4. the residents' council judges feasibility (12 present, 3 more on paper), the first secretary approves
    page.context.clear_cookies()
    login("dtl_op")
    page.goto(f"{base}/{project.pk}/")
    _act(
        page,
        "council",
        {
            "minutes": "议事会评议：可行",
            "present": "12",
            "yes": "10",
            "no": "1",
            "abstain": "1",
            "paper_present": "3",
            "paper_yes": "3",
        },
    )
    assert page.inner_text("#step") == "议事会评议"
    page.context.clear_cookies()
    login("dtl_leader")
    page.goto(f"{base}/{project.pk}/")
    _act(page, "first_secretary", {"note": "同意"})
    assert page.inner_text("#step") == "第一书记审定"

    # 5. the notice (frozen snapshot with its hash); five working days later, no objection: closed
    page.context.clear_cookies()
    login("dtl_op")
    page.goto(f"{base}/{project.pk}/")
    _act(page, "notice", {})
    notice = Notice.objects.get(project=project)
    today = timezone.localdate()
    Notice.objects.filter(pk=notice.pk).update(published_on=today - timedelta(days=14),
                                               ends_on=today - timedelta(days=7))
    page.reload()
    _act(page, "notice_close", {})
    assert page.inner_text("#step") == "公示"

    # 6. 区审计局 reviews the budget before work (above 300,000)
    page.context.clear_cookies()
    login("sjj_aud")
    page.goto(f"{base}/{project.pk}/")
    _act(page, "audit", {"result": "预算审定 348,000 元", "approved_amount": "348000"})
    assert page.inner_text("#step") == "预算审定"

    # 7. the street chooses the implementer, records a milestone with a photo, completes the project
    page.context.clear_cookies()
    login("gy_op")
    page.goto(f"{base}/{project.pk}/")
    _act(page, "implementer", {"implementer": "深圳某建设工程有限公司"})
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(hostile.jpeg(exif=hostile.gps_exif()))
    page.set_input_files("#milestone-files", str(photo))
    _act(page, "milestone", {"title": "坡道浇筑完成", "progress": "60"})
    assert MilestoneFile.objects.filter(milestone__project=project, content_type="image/jpeg").count() == 1
    _act(page, "complete", {"maintenance_unit": "大塘龙社区工作站", "funds_used": "346500",
                            "results": "步道已通行，长者和轮椅可无障碍到达"})
    assert page.inner_text("#step") == "完工"

    # 8. the settlement and final-accounts audits
    page.context.clear_cookies()
    login("sjj_aud")
    page.goto(f"{base}/{project.pk}/")
    _act(page, "audit", {"result": "结算审计：无问题"})
    _act(page, "audit", {"result": "竣工财务决算审计：无问题"})
    assert page.inner_text("#step") == "竣工财务决算审计"

    # 9. anyone sees it on the community's public page: status,
    #    budget, progress, photo, audits; nothing personal
    page.context.clear_cookies()
    page.goto(f"{base}/public/c/{COMMUNITY}/")
    section = page.locator(f"#project-{project.pk}")
    text = section.inner_text()
    assert "社区公园无障碍步道改造" in text and "350000" in text and "竣工财务决算审计" in text
    assert "预算审定" in text and "结算审计：无问题" in text and "大塘龙社区工作站" in text
    assert page.inner_text("#community-progress") == "100%"
    assert "800000" in page.inner_text("main")
    assert section.locator("img").count() == 1
    assert "陈阿姨" not in page.content()
    steps = [e.action for e in Entry.objects.filter(object_type="microprojects.project",
                                                    object_id=str(project.pk)).order_by("id")]
    for action in (
        "two_committees",
        "expert_review",
        "residents_council",
        "first_secretary",
        "notice_published",
        "notice_closed",
        "implementer_chosen",
        "milestone",
        "completed",
        "audited",
    ):
        assert f"microprojects.project.{action}" in steps
