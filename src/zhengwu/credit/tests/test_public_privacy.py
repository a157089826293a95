"""Issue 12 §2: a natural person's own address, name, ID number and phone never reach a
public surface — not in the fields that hold them and not inside free text (许可内容, 备注, 项目名称, a
category's explanation), whole or in part, however written. Every surface takes its values from
`credit.disclosure`: the record page, its .json twin, the JSON API, the search lists, the embedded list and
the push to the city's platforms.

(There is no public export of records yet; one must take its values from `disclosure` too.)"""

import json

import pytest
from django.test import Client

from zhengwu.core.privacy import MARKER, contains_personal_data, mask_person_name
from zhengwu.credit.models import Record
from zhengwu.credit.selectors import public as selectors
from zhengwu.credit.services import workflow as wf
from zhengwu.credit.tests.factories import RIC, USCC, license_row
from zhengwu.credit.tests.test_services import run
from zhengwu.org.roles import Role
from zhengwu.outbox.models import Destination, Message

PERSON = "张三明"
ADDRESS = "深圳市罗湖区南湖街道东门中路142号3栋502"
STREET_PART = "东门中路142号"
COMPANY_ADDRESS = "深圳市罗湖区深南东路1号"


def _secrets_of_the_person() -> list[str]:
    return [
        PERSON,
        ADDRESS,
        STREET_PART,
        "东门中路 142 号",
        RIC,
        RIC[:6] + " " + RIC[6:14],
        "13812345678",
        "１３８１２３４５６７８",
        "138.1234.5678",
        "５６７８",
        "zsm＠example.com",
        "zsm@example.com",
        "13912345678",
    ]


def _person_licence() -> dict:
    return license_row(
        XK_XH="LIC-P",
        XK_WSH="罗许〔26〕9号",
        XK_XDR=PERSON,
        XK_XDR_SHXYM="",
        XK_FR="",
        XK_XDR_SFZ=RIC,
        XK_SPLB="其他（东门中路142号）",
        XK_XMMC=f"{PERSON}东门中路 142 号店食品经营许可",
        XK_NR=(
            f"{PERSON}（身份证{RIC[:6]} {RIC[6:14]} {RIC[14:]}，电话１３８１２３４５６７８，邮箱 "
            "zsm＠example.com）"
            f"申请食品经营许可，准予许可，经营场所：{ADDRESS}"
        ),
        BZ="复核：罗湖区东门中路142号；联系138.1234.5678",
        ZCDZ=ADDRESS,
        JYDZ=ADDRESS,
        XK_SXQ="2026-03-02",
        XK_JZQ="2099-12-31",
        SJC="2026-03-02",
        ZZYXQX="联系人电话139-1234-5678",
    )


def _company_licence() -> dict:
    return license_row(XK_XH="LIC-C", XK_WSH="罗许〔26〕8号", XK_XDR_SFZ=RIC, ZCDZ=COMPANY_ADDRESS,
                       XK_NR=f"法定代表人王伟（身份证{RIC}），准予许可，经营场所：{COMPANY_ADDRESS}",
                       XK_SXQ="2026-03-01", XK_JZQ="2099-12-31", SJC="2026-03-01")


@pytest.fixture
def published(units, make_user):
    """The two licences published through the workflow, with an active push destination (messages queued)."""
    Destination.objects.create(
        name="市政府门户网站", kind="http_json", url="http://127.0.0.1:9/", topics=["credit."]
    )
    run(units["QFGJ"], [_person_licence(), _company_licence()])
    operator, reviewer = make_user("QFGJ", Role.OPERATOR), make_user("QFGJ", Role.REVIEWER)
    records = {r.key: r for r in Record.objects.all()}
    assert set(records) == {"LIC-P", "LIC-C"} and records["LIC-P"].is_natural_person, (
        "fixture rows must import"
    )
    assert not records["LIC-C"].is_natural_person
    for r in records.values():
        wf.record_submit(r, actor=operator)
        wf.record_review(r, actor=reviewer, approve=True, checks={})
        r.refresh_from_db()
        assert r.state == Record.State.PUBLISHED
    return records


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    if "json" in response.headers["Content-Type"]:
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


#: surface → how to read what it publishes about record `r`
SURFACES = {
    "page": lambda c, r: _get(c, f"/credit/public/records/{r.pk}/"),
    "json": lambda c, r: _get(c, f"/credit/public/records/{r.pk}.json"),
    "api": lambda c, r: _get(c, f"/credit/api/public/records/{r.pk}/"),
    "search page": lambda c, r: _get(c, f"/credit/public/?decision_no={r.decision_no}"),
    "search json": lambda c, r: _get(c, "/credit/public.json?kind=license"),
    "api list": lambda c, r: _get(c, f"/credit/api/public/records/?name={mask_person_name(PERSON)}"),
    "embed": lambda c, r: _get(c, "/credit/public/embed/QFGJ/"),
    "embed json": lambda c, r: _get(c, "/credit/public/embed/QFGJ.json"),
    "push": lambda c, r: _pushed(r),
}
#: the counterparty's identity travels to the city's platforms in its own columns (see the next test)
IDENTITY = ("XK_XDR", "XK_XDR_SFZ")


def _pushed(r) -> str:
    """Every pushed field of the record except the identity columns."""
    rows = [{k: v for k, v in m.payload["record"].items() if k not in IDENTITY}
            for m in Message.objects.filter(source_id=str(r.pk))]
    assert rows, "the publication must have been queued for the city platform"
    return json.dumps(rows, ensure_ascii=False)


@pytest.mark.django_db
@pytest.mark.parametrize("surface", list(SURFACES))
def test_a_natural_persons_own_values_reach_no_surface(published, surface):
    person = published["LIC-P"]
    text = SURFACES[surface](Client(), person)
    assert str(person.pk) in text or surface == "push", "the record must be on this surface"
    for secret in _secrets_of_the_person():
        assert secret not in text, (surface, secret)
    assert contains_personal_data(text) == [], surface
    assert (
        MARKER in text
    )  # the category's explanation (a list column) or the free text was scrubbed, not dropped


@pytest.mark.django_db
def test_the_push_keeps_the_identity_and_carries_the_published_free_text(published):
    person = published["LIC-P"]
    (message,) = Message.objects.filter(source_id=str(person.pk))
    row = message.payload["record"]
    assert (row["XK_XDR"], row["XK_XDR_SFZ"]) == (PERSON, RIC)  # the platforms link records by them
    assert row["ZCDZ"] is None and row["JYDZ"] is None  # a person's address is not 公示内容
    shown = {f["code"]: f["value"] for f in selectors.public_record(person.pk)["fields"]}
    for code in ("XK_NR", "BZ", "XK_XMMC", "XK_SPLB", "ZZYXQX"):
        assert row[code] == shown[code], code  # exactly what the district's page publishes


@pytest.mark.django_db
def test_the_page_says_what_was_removed_and_keeps_the_rest(published):
    fields = {f["code"]: f["value"] for f in selectors.public_record(published["LIC-P"].pk)["fields"]}
    assert fields["XK_NR"] == (
        f"张*明（身份证{MARKER}，电话{MARKER}，邮箱 {MARKER}）申请食品经营许可，准予许可，经营场所：{MARKER}"
    )
    assert fields["BZ"] == f"复核：罗湖区{MARKER}；联系{MARKER}"
    assert fields["XK_XMMC"] == f"张*明{MARKER}店食品经营许可"
    assert fields["XK_SPLB"] == f"其他（{MARKER}）"
    assert "ZCDZ" not in fields and "JYDZ" not in fields and "XK_XDR_SFZ" not in fields


@pytest.mark.django_db
def test_a_legal_persons_address_stays_public_but_the_representatives_id_does_not(published):
    company = published["LIC-C"]
    client = Client()
    for surface in ("page", "json", "api", "push"):
        text = SURFACES[surface](client, company)
        assert COMPANY_ADDRESS in text and USCC in text and "王伟" in text, surface
        if surface != "push":  # the push carries the representative's ID in its own column (身份代码)
            assert RIC not in text, surface
    fields = {f["code"]: f["value"] for f in selectors.public_record(company.pk)["fields"]}
    assert fields["XK_NR"] == f"法定代表人王伟（身份证{MARKER}），准予许可，经营场所：{COMPANY_ADDRESS}"
    (message,) = Message.objects.filter(source_id=str(company.pk))
    assert message.payload["record"]["XK_NR"] == fields["XK_NR"]


@pytest.mark.django_db
def test_the_demo_datas_natural_person_licences_leak_nothing_anywhere(units):
    """All 8 natural-person licences the demo publishes through the workflow, on every surface."""
    from zhengwu.credit import demo
    from zhengwu.org import demo as org_demo

    Destination.objects.create(
        name="市政府门户网站", kind="http_json", url="http://127.0.0.1:9/", topics=["credit."]
    )
    org_demo.load()
    demo.load()
    people = list(
        selectors.public_records().filter(kind="license", is_natural_person=True).select_related("unit")
    )
    assert len(people) == 8, "the demo data changed: check that this test still covers what issue 12 found"
    client = Client()
    lists = {code: _get(client, f"/credit/public/embed/{code}/?kind=license&limit=100")
             + _get(client, f"/credit/public/embed/{code}.json?kind=license&limit=100")
             + _get(client, f"/credit/api/public/records/?unit={code}&kind=license&limit=100")
             + _get(client, f"/credit/public/?unit={code}&kind=license&limit=100")
             for code in {p.unit.code for p in people}}
    for r in people:
        address, ric = r.data["ZCDZ"], r.data["XK_XDR_SFZ"]
        street_part = address[address.index("街道") + 2:]  # e.g. 东门中路142号
        assert address in r.data["XK_NR"], "the demo's 许可内容 repeats the address (what issue 12 found)"
        surfaces = {
            "page": _get(client, f"/credit/public/records/{r.pk}/"),
            "json": _get(client, f"/credit/public/records/{r.pk}.json"),
            "api": _get(client, f"/credit/api/public/records/{r.pk}/"),
            "name search": _get(
                client, f"/credit/public.json?name={mask_person_name(r.subject_name)}&kind=license"
            ),
            "lists and embed": lists[r.unit.code],
            "push": _pushed(r),
        }
        assert f"/credit/public/records/{r.pk}/" in surfaces["lists and embed"]
        for surface, text in surfaces.items():
            for secret in (address, street_part, ric, r.subject_name):
                assert secret not in text, (r.key, surface, secret)
            assert contains_personal_data(text) == [], (r.key, surface)


@pytest.mark.django_db
def test_unit_staff_still_see_the_full_record(published, make_user):
    client = Client()
    client.force_login(make_user("QFGJ", Role.OPERATOR, username="staff2"))
    body = client.get(f"/credit/records/{published['LIC-P'].pk}/").content.decode()
    assert ADDRESS in body and RIC in body and PERSON in body

