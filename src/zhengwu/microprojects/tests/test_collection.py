"""§3 collection and the library; reminders; the figures for 大督查; the public search provider."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from zhengwu.core.errors import ApplicationError
from zhengwu.core.systems import provided
from zhengwu.ledger.models import Entry
from zhengwu.microprojects import services
from zhengwu.microprojects.models import Reminder, Suggestion
from zhengwu.microprojects.tests.helpers import COMMUNITY, new_project, walk

pytestmark = pytest.mark.django_db


def test_suggestions_arrive_from_web_wechat_and_the_box_with_who_proposed_them(cast):
    unit = cast["units"][COMMUNITY]
    web = services.suggestion_submit(unit=unit, title="小区加装休闲座椅", channel="web", proposer_name="李四",
                                     proposer_contact="13800138000")
    assert web.proposer_name == "李四" and web.areas == []
    with pytest.raises(PermissionDenied):  # box notes are typed in by the community's staff
        services.suggestion_submit(unit=unit, title="意见箱", channel="box")
    box = services.suggestion_submit(
        unit=unit, title="增设长者助餐点", channel="box", actor=cast["community"]
    )
    assert box.areas == ["care"]
    with pytest.raises(ApplicationError) as caught:
        services.suggestion_submit(unit=unit, title="x", channel="import")
    assert caught.value.code == "bad_channel"
    assert Entry.objects.filter(action="microprojects.suggestion.submitted").count() == 2


def test_the_historical_import_deduplicates_and_classifies(cast):
    csv_bytes = ("社区,标题,内容,建议人\n"
                 f"{COMMUNITY},加装楼道消防烟感,老旧楼栋,王五\n"
                 f"{COMMUNITY},加装 楼道 消防烟感！,老旧楼栋,赵六\n"
                 f"大塘龙社区,社区书画班,文化活动,\n").encode("gb18030")
    summary = services.suggestions_import(data=csv_bytes, filename="history.csv", actor=cast["community"])
    assert summary == {"imported": 2, "duplicates": 1, "file": "history.csv"}
    again = services.suggestions_import(data=csv_bytes, filename="history.csv", actor=cast["community"])
    assert again["imported"] == 0 and again["duplicates"] == 3
    assert {tuple(a) for a in Suggestion.objects.values_list("areas", flat=True)} == {
        ("safety",),
        ("culture_sports",),
    }


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(cast):
    data = f"社区,标题\n{COMMUNITY},好建议\nNOWHERE,另一条\n".encode()
    with pytest.raises(ApplicationError) as caught:
        services.suggestions_import(data=data, filename="h.csv", actor=cast["community"])
    assert caught.value.code == "unknown_community" and "第 3 行" in caught.value.message
    assert not Suggestion.objects.exists()
    with pytest.raises(ApplicationError) as caught:
        services.suggestions_import(data=b"\xff\xfe\x00garbage", filename="h.xlsx", actor=cast["community"])
    assert caught.value.code == "bad_file"


def test_an_xlsx_backlog_is_read_too(cast, tmp_path):
    from openpyxl import Workbook  # writes the test's workbook; the app reads it with calamine

    book = Workbook()
    book.active.append(["社区", "标题"])
    book.active.append([COMMUNITY, "社区篮球场照明"])
    path = tmp_path / "h.xlsx"
    book.save(path)
    assert (
        services.suggestions_import(data=path.read_bytes(), filename="h.xlsx", actor=cast["community"])[
            "imported"
        ]
        == 1
    )


def test_triage_puts_a_suggestion_in_the_library_and_a_project_links_back(cast):
    entry = services.library_publish(
        actor=cast["admin"],
        category="engineering",
        kind="mandatory",
        title="老旧小区无障碍改造",
        guide="申报指引",
        reference_amount=300000,
    )
    assert entry.unit.code == "QSGW"  # 附件1: 区社工委 keeps the engineering library
    with pytest.raises(PermissionDenied):  # 区民政局 keeps the service library only
        services.library_publish(actor=cast["civil"], category="engineering", kind="mandatory", title="x")
    s = services.suggestion_submit(unit=cast["units"][COMMUNITY], title="无障碍坡道", channel="web")
    services.suggestion_triage(suggestion=s, decision="library", library_entry=entry, actor=cast["community"])
    with pytest.raises(ApplicationError):
        services.suggestion_triage(suggestion=s, decision="declined", reason="x", actor=cast["community"])
    project = new_project(cast, suggestions=[s], library_entry=entry)
    assert list(project.suggestions.all()) == [s] and project.library_entry == entry
    s.refresh_from_db()
    assert s.state == "project"


def test_a_declined_suggestion_carries_the_reason(cast):
    s = services.suggestion_submit(unit=cast["units"][COMMUNITY], title="修理我家空调", channel="web")
    with pytest.raises(ApplicationError):
        services.suggestion_triage(suggestion=s, decision="declined", reason="", actor=cast["community"])
    services.suggestion_triage(
        suggestion=s, decision="declined", reason="属业主自有设施", actor=cast["community"]
    )
    assert Suggestion.objects.get(pk=s.pk).reason == "属业主自有设施"


def test_reminders_come_on_working_days_before_a_deadline_and_once(cast, settings):
    project = walk(cast, new_project(cast), "implementation")  # complete_by 2026-09-12
    services.reminders_send(today=date(2026, 9, 1))
    assert not Reminder.objects.filter(project=project, kind="complete_by").exists()
    services.reminders_send(today=date(2026, 9, 9))  # 3 working days before the deadline
    assert Reminder.objects.filter(project=project, kind="complete_by", overdue=False).count() == 1
    services.reminders_send(today=date(2026, 9, 10))
    assert Reminder.objects.filter(project=project, kind="complete_by").count() == 1
    services.reminders_send(today=date(2026, 9, 14))
    assert Reminder.objects.filter(project=project, kind="complete_by", overdue=True).count() == 1


def test_supervision_figures_count_deadlines_due_and_kept(cast):
    late = walk(cast, new_project(cast), "implementation")  # determined the day it was filed: kept
    figures = provided("microprojects", "supervision_figures")
    rows = figures(start=date(2026, 1, 1), end=date(2026, 12, 31), on=date(2026, 10, 1))
    by = {(r["unit"], r["measure"]): (r["due"], r["kept"]) for r in rows}
    assert by[(COMMUNITY, "microprojects.determination")] == (1, 1)
    assert by[("GY", "microprojects.engineering_completion")] == (1, 0)  # 2026-09-12 passed, not completed
    assert all(set(r) == {"unit", "measure", "label", "due", "kept"} for r in rows)
    assert late.pk


def test_the_public_search_finds_only_published_projects(cast):
    draft = new_project(cast, title="未公示的步道项目")
    published = walk(cast, new_project(cast, title="公示过的步道项目"), "first_secretary")
    services.notice_publish(project=published, actor=cast["community"], on=date(2026, 3, 2))
    search = provided("microprojects", "public_search")
    titles = [i["title"] for i in search("步道", limit=5)["items"]]
    assert titles == ["公示过的步道项目"] and draft.pk
    assert search("", limit=5) == {"items": [], "more_url": ""}
