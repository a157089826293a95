"""The register as transcribed from 罗办发〔2016〕1号 §二
— checked against expectations written from the seed.

The expected values below were written by reading the seed document, not by reading reference/*.csv.
"""

import csv
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from zhengwu.reforms.standard import (
    EVERY_STREET,
    ITEMS,
    MILESTONE_PROVIDERS,
    PROJECTS,
    REFERENCE,
    REGISTER,
    RegisterError,
    load_register,
)

SEED = Path("/work/shared/seed/000_c2571157c52a7ca0.txt")


def test_the_register_has_exactly_42_items_numbered_1_to_42_each_with_a_lead_unit():
    assert [i.number for i in ITEMS] == list(range(1, 43))
    assert all(len(i.lead_units) >= 1 for i in ITEMS)
    assert all(i.title and i.summary for i in ITEMS)


def test_the_seven_projects_hold_the_items_the_seed_gives_them():
    expected = {  # §二(一)…(七)
        "机构编制和人力资源配置方式改革": range(1, 7),
        "街道工作机制改革": range(7, 13),
        "城市更新改革试点": range(13, 19),
        "消费升级综合改革": range(19, 25),
        "教育均衡优质改革": range(25, 31),
        "行政效能提升改革": range(31, 37),
        "地税可数据化管事模式改革": range(37, 43),
    }
    assert [p.title for p in PROJECTS] == list(expected)
    for project in PROJECTS:
        assert project.items == tuple(expected[project.title])
        assert project.group == f"{project.title}专项小组"
        # §三(一): 分别由相关区领导牵头推进 — the seed names no leader; the office enters one later
        assert project.leader == ""
    assert [p.numeral for p in PROJECTS] == list("一二三四五六七")


@pytest.mark.parametrize(("number", "title", "lead", "participating"), [
    (1, "探索“空编统筹、重点倾斜”", ["区编办"], ["区委组织部", "区人力资源和社会保障局", "各相关单位"]),
    (3, "强化“随机抽查、后续监管”", ["区行政执法协调中心"], ["各行政执法部门", "区编办"]),
    (4, "试行“自主用人、以事定费”", ["区编办", "区财政局"], ["区委组织部", "区人力资源局", "各相关单位"]),
    (7, "明晰街道职责定位", ["南湖街道办", "区编办"], ["各相关单位"]),
    (11, "推行“一门式”便民服务模式", ["南湖街道办"], ["区政务办"]),
    (12, "探索基层质量党建新模式", ["南湖街道办"], ["区委组织部"]),
    (15, "充分发挥规划引领作用", ["区城市更新局"], ["区城市更新领导小组各成员单位", "各街道办"]),
    (16, "积极调动社会资本参与", ["区财政局", "区城市更新局"], ["区城市更新领导小组各成员单位"]),
    (18, "创新建立风险防控机制", ["区城市更新局"], ["区纪委", "区审计局"]),
    (20, "争取试点促进消费增长的财税配套政策", ["区财政局", "区经济促进局"], ["罗湖国税局", "罗湖地税局"]),
    (22, "建立健全刺激消费增长的配套政策", ["区投资推广局"], ["区经济促进局", "区财政局"]),
    (23, "积极推进破除体制机制障碍的制度创新", ["区经济促进局"],
     ["市市场和质量监管委罗湖局", "区委政法委", "区人大法工委", "罗湖法院"]),
    (24, "探索建立反映消费对经济贡献的评价机制", ["区统计局"],
     ["区经济促进局", "区财政局", "区科技创新局", "区投资推广局"]),
    (27, "优化学校内部治理结构", ["区教育局"], ["全区各学校"]),
    (31, "建设“大分拨”信息平台", ["区网格办<区租赁局>", "区城管局"],
     ["区编办", "区科技创新局", "区信访局", "区政务办", "各相关单位"]),
    (35, "强化“大数据”辅助决策机制", ["区科技创新局", "区网格办<区租赁局>", "区城管局"], ["各相关单位"]),
    (36, "构建“大督查”管理体系", ["区督查室", "区监察局", "区网格办<区租赁局>", "区城管局"],
     ["区编办", "区科技创新局", "各相关单位"]),
    (42, "完善绩效考核机制", ["罗湖地税局"], []),
])
def test_spot_checks_of_titles_and_units_against_the_seed(number, title, lead, participating):
    item = REGISTER.item(number)
    assert item.title == title
    assert list(item.lead_units) == lead
    assert list(item.participating_units) == participating


def test_the_tax_items_have_only_a_lead_unit():
    for number in range(37, 43):
        item = REGISTER.item(number)
        assert item.lead_units == ("罗湖地税局",) and item.participating_units == ()


def test_unit_names_map_to_org_codes_and_the_collectives_have_none():
    assert REGISTER.codes_for("区编办") == ("QBB",)
    assert REGISTER.codes_for("区网格办<区租赁局>") == ("QWGB",)
    assert REGISTER.codes_for("南湖街道办") == ("NH",)
    assert REGISTER.codes_for("市市场和质量监管委罗湖局") == ("SCJGLH",)
    # the long name in item 1 and the short one elsewhere are the same bureau
    assert REGISTER.codes_for("区人力资源和社会保障局") == REGISTER.codes_for("区人力资源局") == ("QRLZYJ",)
    assert REGISTER.codes_for("各街道办") == (EVERY_STREET,)
    assert set(REGISTER.unnamed_units()) == {
        "各相关单位",
        "各行政执法部门",
        "区城市更新领导小组各成员单位",
        "全区各学校",
        "具有行政许可和行政处罚职能的各部门",
    }


def test_every_mapped_code_is_an_org_unit():
    from zhengwu.org.reference import rows

    known = {r["code"] for r in rows()}
    for unit in REGISTER.unit_names.values():
        for code in unit.codes:
            assert code.startswith("@") or code in known, (unit.name, code)


def test_the_other_schemes_milestones_carry_the_seeds_dates():
    by_code = {(m.scheme, m.code): m for m in REGISTER.milestones}
    # 罗府办函〔2016〕74号 §二(四) and §二(二)
    assert by_code["credit", "catalogue"].due == date(2016, 2, 23)
    assert by_code["credit", "new_records"].starts == date(2016, 2, 23)
    assert by_code["credit", "backlog_since_2011"].due == date(2016, 6, 30)
    assert by_code["credit", "backlog_in_force"].due == date(2016, 12, 31)
    # 罗府办函〔2016〕132号 §四(一) and 附件1
    assert by_code["microprojects", "collection"].starts == date(2016, 1, 1)
    assert by_code["microprojects", "engineering_library"].done_on == date(2016, 2, 29)
    assert by_code["microprojects", "brochure"].due == date(2016, 6, 30)
    assert by_code["microprojects", "brochure"].lead_units == ("区民政局",)
    first_quarter = {
        c for (s, c), m in by_code.items() if s == "microprojects" and m.due == date(2016, 3, 31)
    }
    assert first_quarter == {
        "proposals_review",
        "work_plan",
        "service_library",
        "negative_list",
        "reimbursement",
        "suppliers",
        "tendering",
        "mandatory_projects",
    }
    assert REGISTER.codes_for("区住房建设、环保水务、城管、安监等部门") == (
        "QZFJSJ",
        "QHBSWJ",
        "QCGJ",
        "QAJJ",
    )


def test_the_lawyers_milestones_are_listed_by_code_not_copied():
    from zhengwu.lawyers.standard import MILESTONES

    (lawyers,) = [p for p in MILESTONE_PROVIDERS if p.app == "lawyers"]
    assert lawyers.codes == tuple(m.code for m in MILESTONES)
    assert not any(m.scheme == "lawyers" for m in REGISTER.milestones)


# --- the seed itself, where this machine has it -----------------------------------------------------------


def _flat(text: str) -> str:
    """The seed's text without layout: no whitespace or bold marks; half-width punctuation made full-width."""
    text = re.sub(r"\s+", "", text.replace("**", ""))
    return text.replace(",", "，").replace("(", "（").replace(")", "）").replace(":", "：")


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is not on this machine")
def test_every_item_title_summary_and_unit_list_is_in_the_seed():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    plan = _flat("\n".join(lines[:182]))
    for item in ITEMS:
        assert _flat(f"{item.number}.{item.title}。{item.summary}") in plan, item.number
        units = f"牵头单位：{'、'.join(item.lead_units)}"
        if item.participating_units:
            units += f"，参与单位：{'、'.join(item.participating_units)}"
        # item 1 separates its last participating unit with a comma
        assert units in plan.replace(
            "区人力资源和社会保障局，各相关单位", "区人力资源和社会保障局、各相关单位"
        ), item.number
    for project in PROJECTS:
        assert _flat(f"（{project.numeral}）{project.title}。{project.summary}") in plan, project.number


# --- the loader refuses malformed reference files -------------------------------------------------------


@pytest.fixture
def reference_copy(tmp_path):
    for f in REFERENCE.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _edit(path: Path, number: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0])
    rows[number - 1][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_a_copy_of_the_reference_loads_the_same_register(reference_copy):
    assert load_register(reference_copy) == REGISTER


@pytest.mark.parametrize(("file", "row", "column", "value", "says"), [
    ("items.csv", 5, "lead_units", "", "items.csv:6: lead_units is empty"),
    ("items.csv", 5, "lead_units", "区编外", "'区编外', which unit_names.csv does not list"),
    ("items.csv", 5, "number", "6", "items.csv:6: number should be 5"),
    ("items.csv", 5, "project", "9", "project 9 is not in projects.csv"),
    ("items.csv", 5, "participating_units", "区编办||区财政局", "an empty name"),
    ("items.csv", 5, "participating_units", "区编办|区编办", "names a unit twice"),
    ("milestones.csv", 1, "due", "2016-02-30", "milestones.csv:2: due should be a date"),
    ("unit_names.csv", 1, "codes", "qbb", "'qbb' is not an org unit code"),
])
def test_a_malformed_reference_file_is_refused_naming_file_and_line(
    reference_copy, file, row, column, value, says
):
    _edit(reference_copy / file, row, column, value)
    with pytest.raises(RegisterError) as caught:
        load_register(reference_copy)
    assert says in str(caught.value)


def test_a_missing_column_is_refused(reference_copy):
    path = reference_copy / "projects.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",leader", "", 1), encoding="utf-8")
    with pytest.raises(RegisterError, match="projects.csv:1: columns should be"):
        load_register(reference_copy)
