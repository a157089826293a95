"""附件2 负面清单: each of the 28 items is found in a realistic proposal and not in a near miss."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhengwu.microprojects import rules
from zhengwu.microprojects.standard import NEGATIVE_ITEMS

# item → (a proposal the item must flag, a near miss it must not flag), as (title, description)
CASES = {
    1: (
        (
            "协助翠竹花园小区物业建立安全生产管理制度",
            "小区物业管理处尚无成文的安全生产管理制度，聘请机构协助建立",
        ),
        ("无物业老旧小区建立楼栋安全管理制度", "该小区无物业管理，由居民楼长轮值"),
    ),
    2: (
        ("为翠竹苑小区编制火灾事故应急预案", "物业管理处配合，编制小区消防应急预案并印发"),
        ("小区居民应急避险知识手册", "编写小区居民应急避险知识手册，发放到户"),
    ),
    3: (
        ("小区物业保安消防安全培训和应急演练", "组织物业管理处保安员参加消防培训并开展应急演练"),
        ("社区长者居家安全教育讲座", "为社区长者开展防跌倒、防诈骗安全教育"),
    ),
    4: (
        ("XX小区安全隐患排查整改", "对小区内各楼栋进行安全隐患排查并整改"),
        ("城中村出租屋消防安全隐患整治", "为城中村出租屋加装独立式烟感报警器，消除火灾隐患"),
    ),
    5: (("在XX小区设置消防安全宣传栏", ""), ("社区公园安全宣传栏", "在社区公园入口设置防溺水安全宣传栏")),
    6: (
        ("协助辖区物业企业填报安全生产隐患自查自报系统", ""),
        ("社区居民信息自助填报系统", "建设居民信息自助填报系统，方便居民线上填报"),
    ),
    7: (
        ("XX小区增配灭火器和应急灯", "为小区各楼层配置灭火器、应急灯"),
        ("XX小区消防器材维保", "小区消防器材年度维保"),
    ),
    8: (("推进XX小区物业安全生产标准化建设", ""), ("社区服务标准化建设", "制定社区服务中心服务标准化手册")),
    9: (
        ("核查小区外包施工单位安全资质证照", "物业对发包的外墙清洗单位的安全资质证照进行核查"),
        ("城中村出租屋消防安全检查", "组织志愿者对出租屋开展消防安全检查"),
    ),
    10: (
        ("XX小区消防器材维保", "小区消防器材年度维保，更换过期灭火器"),
        ("XX小区增配灭火器和应急灯", "为小区各楼层配置灭火器、应急灯"),
    ),
    11: (
        ("XX小区业主空调架、防盗网加固维修", "对锈蚀的空调架和防盗网进行加固"),
        ("为独居老人免费安装防盗网", "为辖区独居老人家庭安装防盗网和扶手"),
    ),
    12: (
        ("组织物业企业特种作业人员培训", "组织辖区物业企业电工、焊工等特种作业人员参加培训取证"),
        ("社区居民电工技能就业培训", "为失业居民开展电工技能培训，帮助就业"),
    ),
    13: (("XX小区公共区域清扫保洁", ""), ("城中村卫生死角清理", "组织志愿者清理城中村巷道卫生死角")),
    14: (
        ("城中村设置分类垃圾桶", "在湖贝城中村巷道增设垃圾分类投放点和分类垃圾桶"),
        ("XX小区设置分类垃圾桶", "在小区各楼栋设置分类垃圾桶"),
    ),
    15: (
        ("XX小区设置分类垃圾桶", "在小区各楼栋设置分类垃圾桶"),
        ("城中村设置分类垃圾桶", "在湖贝城中村巷道增设垃圾分类投放点和分类垃圾桶"),
    ),
    16: (("城中村巷道照明设施建设", "为城中村巷道安装路灯"), ("XX小区路灯安装", "在小区主干道新增庭院灯")),
    17: (("XX小区路灯安装", "在小区主干道新增庭院灯"), ("社区公园增设太阳能路灯", "在社区公园步道增设路灯")),
    18: (
        ("XX小区楼顶天台防水补漏及外墙修补", ""),
        ("XX小区外墙彩绘", "在小区外墙绘制社区文化主题彩绘，翻新墙面"),
    ),
    19: (
        ("XX小区二次供水水泵维修", "更换小区二次供水水泵及配电柜"),
        ("XX小区加装智能门禁系统", "为小区各楼栋加装人脸识别门禁"),
    ),
    20: (("XX小区电梯维修保养", "小区电梯年度维保"), ("XX小区旧楼加装电梯", "为小区多层住宅加装电梯")),
    21: (
        ("XX小区业主户内水电小规模维修", "物业为业主提供户内水电维修"),
        ("为社区独居长者上门维修水电", "为小区独居长者户内水电进行免费维修"),
    ),
    22: (
        ("XX小区业主户内管线更新改造", "委托施工单位对小区业主户内老化管线进行更新改造"),
        ("长者家庭适老化改造", "为小区高龄长者家中加装扶手、防滑地垫等适老化改造"),
    ),
    23: (("XX小区化粪池清掏及下水道疏通", ""), ("XX小区新增健身器材", "在小区空地新增一组健身器材")),
    24: (
        ("XX小区车辆停放秩序管理", "聘请协管员维护小区车辆停放秩序"),
        ("XX小区增设电动自行车充电桩", "在小区增设电动自行车集中充电桩"),
    ),
    25: (
        ("XX小区夜间巡逻", "聘请保安加强小区公共区域夜间巡逻"),
        ("社区平安志愿者巡逻队", "组建社区平安志愿者巡逻队，在社区主要街道巡逻"),
    ),
    26: (
        ("XX小区物业管理档案数字化", "整理小区物业管理档案、资料并数字化"),
        ("社区居民健康档案建设", "为社区长者建立健康档案"),
    ),
    27: (
        ("XX小区内地面塌陷隐患处理", "小区内道路出现地面塌陷，需紧急处理"),
        ("社区市政道路路面塌陷抢修", "社区主干道出现路面塌陷"),
    ),
    28: (
        ("XX小区边坡防护治理", "小区管理范围内边坡加固"),
        ("社区无主边坡防护治理", "对社区内无主边坡进行防护加固"),
    ),
}

# Ordinary micro-projects of the kind the scheme wants: none of them is on the list.
LEGITIMATE = [
    ("加装电梯", "旧楼加装电梯"),
    ("长者饭堂助餐服务", "为社区60岁以上长者提供午餐配送"),
    ("社区儿童四点半课堂", "放学后为双职工家庭儿童提供课业辅导"),
    ("社区公园增设休闲座椅", "在社区公园步道旁增设休闲座椅"),
    ("城中村出租屋加装独立式烟感报警器", "为城中村出租屋每户加装烟感报警器"),
    ("社区居民心理健康讲座", "邀请心理咨询师为居民开展心理健康讲座"),
    ("社区文化广场舞比赛", "组织社区文艺队伍开展广场舞比赛"),
]


def items(title, description=""):
    return {m.item.no for m in rules.match_negative_list(title, description)}


def test_every_item_has_a_case():
    assert set(CASES) == set(NEGATIVE_ITEMS)


@pytest.mark.parametrize("no", sorted(CASES))
def test_item_is_flagged_with_its_responsible_party(no):
    (title, description), _near = CASES[no]
    matches = {m.item.no: m for m in rules.match_negative_list(title, description)}
    assert no in matches, (no, title)
    assert matches[no].as_json() == {"item": no, "responsible": NEGATIVE_ITEMS[no].responsible_text}


@pytest.mark.parametrize("no", sorted(CASES))
def test_near_miss_is_not_flagged_for_the_item(no):
    _match, (title, description) = CASES[no]
    assert no not in items(title, description), (no, title)


@pytest.mark.parametrize(("title", "description"), LEGITIMATE)
def test_ordinary_projects_match_nothing(title, description):
    assert items(title, description) == set()


def test_urban_village_bins_go_to_the_joint_stock_company_and_estate_bins_to_the_property_company():
    village = rules.match_negative_list(*CASES[14][0])
    estate = rules.match_negative_list(*CASES[15][0])
    assert [m.as_json()["responsible"] for m in village if m.item.no in (14, 15)] == ["股份公司"]
    assert [m.as_json()["responsible"] for m in estate if m.item.no in (14, 15)] == ["物业服务企业"]


def test_estate_without_a_property_company_is_not_the_companys_duty():
    assert items("无物业老旧小区增设分类垃圾桶", "") & {14, 15} == set()
    assert 20 not in items("没有物业的小区电梯维修", "")


def test_title_and_description_are_both_read_but_no_word_spans_their_seam():
    assert 5 in items("消防安全宣传栏", "设在XX小区门口")
    assert 27 not in items("社区小", "区塌陷")  # "小区" only across the seam


@pytest.mark.parametrize("no", sorted(CASES))
def test_spacing_punctuation_and_full_width_do_not_hide_a_match(no):
    (title, description), _near = CASES[no]
    assert no in items(" ".join(title), "，\u3000".join(description))
    assert no in items(title.replace("XX", "ＸＸ"), description)


@given(st.text(alphabet=" \t\n，。、！？；：“”（）()·-_\u3000", max_size=6))
def test_normalise_drops_spacing_and_punctuation(noise):
    assert rules.normalise(f"小{noise}区") == "小区"
    assert rules.normalise(rules.normalise(f"ＡＢ{noise}c")) == "abc"


def test_matches_are_violations_until_the_street_overrides_them_with_reasons():
    base = dict(category="engineering", kind="mandatory", amount=150000, applicant_kind="residents_committee",
                title="XX小区电梯维修保养", description="小区电梯年度维保")
    a = rules.assess(rules.parse_proposal(base))
    assert [m.item.no for m in a.negative_list_matches] == [20]
    assert [v.rule for v in a.violations] == ["negative_list.match"]
    assert "第 20 项" in a.violations[0].message and "物业服务企业" in a.violations[0].message
    overridden = rules.assess(
        rules.parse_proposal(base | {"negative_list_overrides": {"20": "电梯为业主共有且物业已撤场"}})
    )
    assert overridden.violations == () and [m.item.no for m in overridden.negative_list_matches] == [20]
    assert overridden.negative_list_matches[0].override
    with pytest.raises(rules.InvalidProposal):
        rules.parse_proposal(base | {"negative_list_overrides": {"20": "  "}})
    with pytest.raises(rules.InvalidProposal):
        rules.parse_proposal(base | {"negative_list_overrides": {"29": "理由"}})
    assert Decimal(base["amount"]) == rules.parse_proposal(base).amount
