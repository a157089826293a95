"""Demo data of 律师驻队: three firms checked by 区司法局 (one with 9 practising lawyers,
stored but not on the list), their lawyers and assistants, stationed-lawyer contracts of 桂园街道, 东门街道
and 区城管执法监察大队, work records in the six kinds of service, last year's assessment, a replacement
waiting for the unit's consent, and this year's milestones — all made through the services (so the ledger
has them), by the demo account `admin` (district administrator); no new account. The firms and people are
invented (no real person); the app has no public page. Idempotent: nothing is added when firms exist."""

from datetime import date, timedelta

from django.utils import timezone

from zhengwu.lawyers import services
from zhengwu.lawyers.models import Firm
from zhengwu.org.demo import refuse_in_production
from zhengwu.org.models import Unit

_PARTNER = {"government_adviser": True, "admin_or_judicial_service": False}
FIRMS = (
    {"name": "广东鹏湖律师事务所", "practising_lawyers": 26, "admin_staff": 11, "admin_law_team": True,
     "partners": [{"name": "合伙人甲", **_PARTNER}], "bad_records": []},
    {"name": "广东罗湖正衡律师事务所", "practising_lawyers": 14, "admin_staff": 8, "admin_law_team": True,
     "partners": [{"name": "合伙人乙", "government_adviser": False, "admin_or_judicial_service": True}],
     "bad_records": []},
    # 执业律师 9 人 (§三(一)1 requires 10): checked and kept, never on the list, never contracted.
    {"name": "深圳市东门明理律师事务所", "practising_lawyers": 9, "admin_staff": 14, "admin_law_team": True,
     "partners": [{"name": "合伙人丙", **_PARTNER}], "bad_records": []},
)
#: (firm index, unit code, lawyer, practising since, assistant)
STATIONED = (
    (0, "GY", "周律师", date(2009, 3, 1), "吴助理"),
    (0, "DM", "郑律师", date(2013, 9, 1), "冯助理"),
    (1, "QCGZFDD", "陈律师", date(2011, 5, 1), "褚助理"),
)
#: one year's pattern of work for a stationed lawyer: (month,
#: day, kind, hours, cases, disputes, documents, actions)
WORK = (
    (1, 8, "consultation", 6, 2, 0, 1, 0), (2, 12, "case_review", 8, 3, 0, 2, 0),
    (3, 15, "publicity_training", 4, 0, 0, 0, 0), (4, 9, "legal_affairs", 7, 1, 1, 2, 0),
    (5, 20, "major_actions", 9, 1, 0, 1, 2), (6, 6, "legal_aid", 5, 1, 1, 1, 0),
    (7, 14, "case_review", 8, 4, 0, 3, 0), (8, 18, "consultation", 6, 2, 1, 0, 1),
    (9, 10, "major_actions", 10, 2, 0, 1, 3), (10, 22, "legal_affairs", 7, 1, 2, 2, 0),
    (11, 12, "publicity_training", 4, 0, 0, 0, 0), (12, 5, "case_review", 8, 3, 1, 2, 1),
)
NOTES = {
    "consultation": "为中队执法人员解答违法建筑拆除程序问题",
    "case_review": "审查拟处罚案卷，补充现场勘验笔录",
    "publicity_training": "为执法队员讲授《行政处罚法》程序规定",
    "legal_affairs": "代理行政复议答复并出席听证",
    "major_actions": "随队参加占道经营集中整治行动",
    "legal_aid": "为困难当事人提供法律援助咨询",
}


def _admin():
    from django.contrib.auth import get_user_model  # the demo accounts are org's (org.demo loads first)

    return get_user_model().objects.filter(username="admin").first()


def load() -> str:
    refuse_in_production()
    if Firm.objects.exists():
        return "demo firms exist"
    admin = _admin()
    if admin is None:
        return "skipped: org's demo account admin is missing"
    today = timezone.localdate()
    year = today.year
    units = {u.code: u for u in Unit.objects.filter(code__in=[s[1] for s in STATIONED] + ["QCGJ", "QSFJ"])}
    firms = [services.firm_register(facts=facts, on=date(year - 1, 5, 20), actor=admin) for facts in FIRMS]
    # the 9-lawyer firm delegates a lawyer too — it simply can never be contracted
    services.person_add(firm=firms[2], kind="lawyer", name="蒋律师", practising_since=date(2012, 1, 1),
                        admin_law=True, actor=admin)
    starts, ends = date(year - 1, 6, 15), date(year + 1, 6, 14)  # 政府采购 by 15 June (§四(三)), two years
    contracts = []
    for firm_no, code, lawyer_name, since, assistant_name in STATIONED:
        firm = firms[firm_no]
        lawyer = services.person_add(firm=firm, kind="lawyer", name=lawyer_name, practising_since=since,
                                     admin_law=True, actor=admin)
        assistant = services.person_add(firm=firm, kind="assistant", name=assistant_name, degree="bachelor",
                                        full_time=True, law_major=True, admin_law=True, actor=admin)
        contract = services.contract_sign(unit=units[code], firm=firm, lawyer=lawyer, assistants=[assistant],
                                          starts_on=starts, ends_on=ends, actor=admin)
        contracts.append((contract, lawyer, assistant))
    records = 0
    for contract, lawyer, assistant in contracts:
        for y in (year - 1, year):
            for month, day, kind, hours, cases, disputes, documents, actions in WORK:
                when = date(y, month, day)
                if not starts <= when <= today - timedelta(days=1):
                    continue
                services.work_record_add(
                    contract=contract,
                    person=lawyer if month % 3 else assistant,
                    day=when,
                    kind=kind,
                    hours=hours,
                    cases=cases,
                    disputes=disputes,
                    documents=documents,
                    actions=actions,
                    note=NOTES[kind],
                    actor=admin,
                )
                records += 1
    for (contract, _lawyer, _assistant), evaluation in zip(contracts, (92, 85, 78), strict=True):
        services.assessment_make(contract=contract, year=year - 1, unit_evaluation=evaluation, actor=admin,
                                 on=date(year, 1, 20))
    # a replacement asked for and waiting for the unit's consent (更换需事先经相关单位同意)
    dm, _lawyer, dm_assistant = contracts[1]
    spare = services.person_add(
        firm=firms[0],
        kind="assistant",
        name="卫助理",
        degree="master",
        full_time=True,
        law_major=True,
        admin_law=True,
        actor=admin,
    )
    services.replacement_request(contract=dm, outgoing=dm_assistant, incoming=spare,
                                 reason="原律师助理调往律所总部工作，申请更换", actor=admin)
    milestones = 0
    for code, unit_code, done in (
        ("plan", "QCGJ", date(year, 4, 26)),
        ("procurement", "GY", date(year, 6, 12)),
        ("training", "QSFJ", date(year, 7, 3)),
    ):  # training done late (due 30 June)
        if done <= today:
            services.milestone_done(year=year, code=code, unit=Unit.objects.get(code=unit_code), done_on=done,
                                    note="演示数据", actor=admin)
            milestones += 1
    return (
        f"{len(firms)} firms, {len(contracts)} contracts, {records} work records, {len(contracts)} "
        "assessments, "
        f"{milestones} milestones"
    )
