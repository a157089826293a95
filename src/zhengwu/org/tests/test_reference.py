from zhengwu.ledger.verify import verify
from zhengwu.org import reference
from zhengwu.org.models import Unit

STREETS = {
    "桂园街道",
    "黄贝街道",
    "东门街道",
    "翠竹街道",
    "南湖街道",
    "笋岗街道",
    "东湖街道",
    "莲塘街道",
    "东晓街道",
    "清水河街道",
}


def test_luohu_its_ten_streets_and_their_communities(units):
    district = units["LH"]
    assert district.division_code == "440303" and district.kind == Unit.Kind.DISTRICT
    streets = Unit.objects.filter(kind=Unit.Kind.STREET)
    assert {s.name for s in streets} == STREETS
    assert all(s.parent == district and len(s.division_code) == 9 and s.division_code.startswith("440303")
               for s in streets)
    for street in streets:
        assert street.children.filter(kind=Unit.Kind.COMMUNITY).count() >= 5, street.name


def test_streets_and_communities_carry_the_official_codes(units):
    """国家统计局 统计用区划代码 2023 (scripts/official_divisions.py): 10 streets, 109 communities."""
    codes = dict(Unit.objects.filter(kind=Unit.Kind.STREET).values_list("name", "division_code"))
    assert codes["桂园街道"] == "440303001" and codes["南湖街道"] == "440303005"
    assert codes["东晓街道"] == "440303009" and codes["清水河街道"] == "440303010"
    communities = Unit.objects.filter(kind=Unit.Kind.COMMUNITY).select_related("parent")
    assert communities.count() == 109
    for c in communities:  # a community's 12-digit code starts with its street's 9 digits
        assert len(c.division_code) == 12 and c.division_code[:9] == c.parent.division_code, c.name
    assert Unit.objects.get(name="田贝社区").parent.name == "笋岗街道"
    assert Unit.objects.get(name="草埔东社区").parent.name == "东晓街道"
    assert Unit.objects.get(name="草埔西社区").parent.name == "清水河街道"


def test_every_department_named_in_the_seed_is_present(units):
    names = set(Unit.objects.values_list("name", flat=True))
    for name in [
        "区编办",
        "区委组织部",
        "区发改局",
        "区城管局",
        "区城市更新局",
        "区民政局",
        "区司法局",
        "罗湖地税局",
        "区网格办",
        "区行政执法协调中心",
        "区督查室",
        "区保密局",
        "区财政局",
        "区审计局",
        "区社工委",
        "区规划土地监察局",
        "区科技创新局",
        "区政务办",
        "区信访局",
        "区法制办",
    ]:
        assert name in names, name
    assert Unit.objects.get(name="罗湖地税局").kind == Unit.Kind.VERTICAL


def test_loading_again_changes_nothing_and_keeps_the_ledger_valid(units):
    assert reference.load() == "0 units created, 0 updated"
    assert verify().ok


def test_a_community_that_left_the_official_list_is_switched_off_not_deleted(units):
    from zhengwu.ledger.models import Entry

    old = Unit.objects.create(
        code="DH-DL",
        name="东乐社区",
        full_name="东湖街道东乐社区",
        kind=Unit.Kind.COMMUNITY,
        parent=units["DH"],
        division_code="",
        sort=999,
    )
    department = Unit.objects.create(
        code="QXX",
        name="区某局",
        full_name="罗湖区某局",
        kind=Unit.Kind.GOVERNMENT,
        parent=units["LH"],
        sort=998,
    )
    assert reference.load() == "0 units created, 1 updated"
    old.refresh_from_db()
    department.refresh_from_db()
    assert old.is_active is False and department.is_active  # only the official list's kinds are managed
    entry = Entry.objects.filter(action="org.unit.deactivated").get()
    assert entry.object_id == str(old.pk) and entry.after["is_active"] is False
    assert verify().ok
