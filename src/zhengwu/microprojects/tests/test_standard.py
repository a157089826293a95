"""The seed's tables, transcribed: counts, groupings, parties and (when the seed is on disk) verbatim text."""

import csv
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from zhengwu.microprojects import rules
from zhengwu.microprojects import standard as std
from zhengwu.microprojects.standard import Applicant, Category, Kind, Party, Setting

SEED = Path("/work/shared/seed/000_c2571157c52a7ca0.txt")  # not in the repository: checked where present
UNITS = Path(std.__file__).parents[1] / "org" / "reference" / "units.csv"


def seed_scheme() -> str:
    if not SEED.exists():
        pytest.skip("the seed text is not on this machine")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return re.sub(r"\s+", "", "".join(lines[358:582]))


def test_negative_list_has_all_28_items_in_order_with_the_attachments_groups():
    assert [i.no for i in std.NEGATIVE_LIST] == list(range(1, 29))
    groups = {i.no: i.group for i in std.NEGATIVE_LIST}
    assert {groups[n] for n in range(1, 13)} == {"安全生产类"}
    assert {groups[n] for n in range(13, 18)} == {"城市管理类"}
    assert {groups[n] for n in range(18, 29)} == {"物业管理类"}


def test_negative_list_responsible_parties_as_the_attachment_groups_them():
    by_party = {i.no: i.responsible_text for i in std.NEGATIVE_LIST}
    assert {n for n, p in by_party.items() if p == "股份公司"} == {14, 16}
    assert {n for n, p in by_party.items() if p == "业主委员会、物业服务企业"} == {27, 28}
    assert {n for n, p in by_party.items() if p == "物业服务企业"} == set(range(1, 29)) - {14, 16, 27, 28}
    assert std.NEGATIVE_ITEMS[27].responsible == (Party.OWNERS_COMMITTEE, Party.PROPERTY_COMPANY)


def test_city_management_rows_are_split_by_setting():
    settings = {i.no: i.setting for i in std.NEGATIVE_LIST if i.setting}
    assert settings == {13: Setting.MANAGED_ESTATE, 14: Setting.URBAN_VILLAGE, 15: Setting.MANAGED_ESTATE,
                        16: Setting.URBAN_VILLAGE, 17: Setting.MANAGED_ESTATE}
    assert std.NEGATIVE_ITEMS[14].content == std.NEGATIVE_ITEMS[15].content == "分类垃圾桶设置"
    assert std.NEGATIVE_ITEMS[16].content == std.NEGATIVE_ITEMS[17].content == "照明设施建设"


def test_negative_list_text_is_verbatim_from_the_seed():
    seed = seed_scheme()
    for item in std.NEGATIVE_LIST:
        assert re.sub(r"\s+", "", item.content) in seed, item.no
        assert item.responsible_text in seed


def test_division_of_labour_and_other_verbatim_text_is_in_the_seed():
    seed = seed_scheme()
    texts = [d.work for d in std.DIVISION_OF_LABOUR] + [d.lead for d in std.DIVISION_OF_LABOUR]
    texts += [d.schedule for d in std.DIVISION_OF_LABOUR] + list(std.DEFINITIONS.values())
    texts += (
        [a.text for a in std.AREAS]
        + list(std.SOCIAL_ORGANIZATION_CONDITIONS)
        + [r.text for r in std.AUDIT_RULES]
    )
    texts += [f for pool in std.EXPERT_POOLS.values() for f in pool.fields]
    for text in texts:
        assert re.sub(r"\s+", "", text).rstrip("。") in seed, text


def test_division_of_labour_has_the_attachments_17_duties_and_known_units():
    assert len(std.DIVISION_OF_LABOUR) == 17
    assert len({d.code for d in std.DIVISION_OF_LABOUR}) == 17
    with UNITS.open(encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(f)}
    codes |= {std.STREETS, std.COMMUNITIES}
    for duty in std.DIVISION_OF_LABOUR:
        assert set(duty.units) <= codes, duty.code
    for role, units in std.ROLES.items():
        assert set(units) <= codes, role
    assert std.ROLES["engineering_expert_pool"] == ("QZFJSJ",)  # 区住房建设局
    assert std.ROLES["service_expert_pool"] == ("QMZJ",)  # 区民政局
    assert std.ROLES["engineering_library"] == ("QSGW",) and std.ROLES["service_library"] == ("QMZJ",)
    assert std.ROLES["audit"] == ("QSJJ",)


def test_keywords_are_written_normalised():
    words = {w for i in std.NEGATIVE_LIST for g in i.all_of for w in g} | {
        w for i in std.NEGATIVE_LIST for w in i.none_of
    }
    words |= {w for a in std.AREAS for w in a.keywords}
    assert all(w and rules.normalise(w) == w for w in words)
    assert all(i.all_of and all(i.all_of) for i in std.NEGATIVE_LIST)


def test_caps_thresholds_and_deadlines_are_the_seeds_numbers():
    assert std.CAPS == {Category.SERVICE: Decimal(200_000), Category.ENGINEERING: Decimal(500_000)}
    assert (std.EXPERT_REVIEW[Category.ENGINEERING].low, std.EXPERT_REVIEW[Category.ENGINEERING].high) == (
        200_000,
        500_000,
    )
    assert (std.EXPERT_REVIEW[Category.SERVICE].low, std.EXPERT_REVIEW[Category.SERVICE].high) == (
        100_000,
        200_000,
    )
    assert (std.NOTICE_WORKDAYS, std.DETERMINATION_MONTHS, std.SERVICE_START_MONTHS,
            std.ENGINEERING_COMPLETION_MONTHS) == (5, 1, 1, 6)
    assert std.ADMIN_COST_SHARE == Fraction(1, 3)
    assert std.EXPERT_POOLS[Category.ENGINEERING].lead_name == "区住房建设局"
    assert std.EXPERT_POOLS[Category.SERVICE].lead_name == "区民政局"


def test_applicant_matrix_is_the_seeds():
    assert std.APPLICANTS[(Category.ENGINEERING, Kind.MANDATORY)] == set(Applicant) - {
        Applicant.COMMUNITY_SERVICE_CENTER
    }
    assert std.APPLICANTS[(Category.ENGINEERING, Kind.OPTIONAL)] == {Applicant.RESIDENTS_COMMITTEE}
    assert std.APPLICANTS[(Category.SERVICE, Kind.MANDATORY)] == {
        Applicant.RESIDENTS_COMMITTEE, Applicant.COMMUNITY_WORKSTATION, Applicant.SOCIAL_ORGANIZATION,
        Applicant.COMMUNITY_SERVICE_CENTER}
    assert std.APPLICANTS[(Category.SERVICE, Kind.OPTIONAL)] == {
        Applicant.RESIDENTS_COMMITTEE, Applicant.SOCIAL_ORGANIZATION, Applicant.COMMUNITY_SERVICE_CENTER}


def test_five_content_areas_and_stage_labels():
    assert [a.no for a in std.AREAS] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert set(std.STEP_LABELS) == set(std.Step)
