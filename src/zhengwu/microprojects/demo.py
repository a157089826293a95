"""Demo data of 民生微实事: pools, councils, budgets, the libraries, suggestions and projects at every stage,
all made through the services (so the ledger has them), by the existing demo accounts `admin` (district
administrator) and `auditor` (区审计局) — no new account. Idempotent: nothing is added when projects exist."""

from datetime import timedelta

from django.utils import timezone

from zhengwu.microprojects import rules, services
from zhengwu.microprojects.models import Project
from zhengwu.org.demo import refuse_in_production
from zhengwu.org.models import Unit

COMMUNITIES = ("GY-LDC", "GY-DTL")
ENGINEERING_FIELDS = ("建筑工程", "财务管理", "安全生产", "物业管理")


def _users():
    from django.contrib.auth import get_user_model  # the demo accounts are org's (org.demo loads first)

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["admin", "auditor"])}
    return users.get("admin"), users.get("auditor")


def _walk(project, admin, auditor, day, until):
    """Take a demo project through the services up to step `until` (dates a day apart from `day`)."""
    steps = rules.project_steps(project.category, project.amount)
    for step in steps[steps.index(project.step) + 1:]:
        if step == "two_committees":
            services.two_committees_record(
                project=project,
                actor=admin,
                on=day,
                passed=True,
                minutes="社区“两委”联席会议预审：申报书完整，同意提交。",
                attendees=9,
            )
        elif step == "expert_review":
            services.experts_draw(
                project=project,
                actor=admin,
                need={"建筑工程": 2, "财务管理": 1} if project.category == "engineering" else {"社会工作": 3},
                seed="demo",
            )
            services.expert_review_record(
                project=project,
                actor=admin,
                on=day,
                passed=True,
                notes="专家评审通过。",
                amount=str(project.amount - 10000) if project.category == "engineering" else None,
            )
        elif step == "residents_council":
            services.council_record(
                project=project,
                actor=admin,
                on=day,
                minutes="居民议事会评议（含书面表决）。",
                tallies=[rules.Tally(14, 11, 2, 1), rules.Tally(3, 3, 0, 0)],
            )
        elif step == "first_secretary":
            services.first_secretary_record(project=project, actor=admin, on=day, approved=True)
        elif step == "public_notice":
            notice = services.notice_publish(project=project, actor=admin, on=day)
            if until == "public_notice_running":
                return project
            day = notice.ends_on + timedelta(days=1)
            services.notice_close(project=project, actor=admin, on=day)
        elif step == "budget_review":
            services.audit_record(
                project=project, actor=auditor, on=day, audit="budget_review", result="预算审定通过。"
            )
        elif step == "implementation":
            services.implementer_choose(
                project=project, actor=admin, on=day, implementer="深圳市某建设工程有限公司"
            )
        elif step == "completion":
            services.milestone_record(project=project, actor=admin, on=day, title="进场施工", progress=40)
            services.milestone_record(
                project=project, actor=admin, on=day + timedelta(days=30), title="主体完工", progress=90
            )
            day += timedelta(days=45)
            services.project_complete(
                project=project,
                actor=admin,
                on=day,
                maintenance_unit="社区工作站",
                funds_used=str(project.amount - 15000),
                results="已投入使用，居民反映良好。",
            )
        elif step in ("limited_audit", "settlement_audit", "final_accounts_audit"):
            services.audit_record(project=project, actor=auditor, on=day, audit=step, result="审计无异常。")
        elif step == "evaluation":
            services.evaluation_record(
                project=project,
                actor=admin,
                on=day,
                evaluator="深圳市某第三方评估机构",
                satisfaction="93.5",
                respondents={"居民代表": 60, "社区党员": 20},
                resident_score="92",
                council_score="90",
                expert_score="88",
            )
        project.refresh_from_db()
        day += timedelta(days=3)
        if step == until:
            break
    return project


def load() -> str:
    refuse_in_production()
    if Project.objects.exists():
        return "demo projects exist"
    admin, auditor = _users()
    if admin is None or auditor is None:
        return "skipped: org's demo accounts admin/auditor are missing"
    units = {u.code: u for u in Unit.objects.filter(code__in=[*COMMUNITIES, "QZFJSJ", "GY"])}
    for i in range(8):
        services.expert_register(actor=admin, pool="engineering", name=f"工程专家{i + 1:02d}",
                                 fields=[ENGINEERING_FIELDS[i % 4]])
    for i in range(4):
        services.expert_register(
            actor=admin, pool="service", name=f"服务专家{i + 1:02d}", fields=["社会工作"]
        )
    for code in COMMUNITIES:
        services.council_configure(actor=admin, unit=units[code], members=21)
    year = timezone.localdate().year
    services.budget_set(actor=admin, unit=units["GY"], year=year, amount="3000000")
    services.budget_set(actor=admin, unit=units["GY-LDC"], year=year, amount="1200000")
    services.library_publish(
        actor=admin,
        category="engineering",
        kind="mandatory",
        title="老旧小区无障碍坡道改造",
        guide="由社区居委会汇总居民意见后申报；附现场照片与预算。",
        reference_amount=300000,
    )
    services.library_publish(actor=admin, category="service", kind="mandatory", title="长者助餐服务",
                             guide="由社会组织或社区服务中心申报。", reference_amount=150000)
    services.government_project_register(actor=admin, name="罗湖区文锦路市政道路改造工程", status="ongoing",
                                          unit=units["QZFJSJ"])
    services.suggestions_import(actor=admin, filename="demo.csv", data=(
        "社区,标题,内容\nGY-LDC,楼道加装消防烟感,老旧楼栋无烟感\nGY-LDC,楼道 加装 消防烟感,\n"
        "GY-LDC,社区书画班,长者书画\nGY-DTL,篮球场照明,晚间无照明\n").encode())
    today = timezone.localdate()
    start = today - timedelta(days=240)
    made = []
    for title, category, amount, until, code in (
            ("鹿丹村无障碍步道改造", "engineering", 350000, "evaluation", "GY-LDC"),
            ("楼道消防烟感加装", "engineering", 180000, "completion", "GY-LDC"),
            ("长者助餐服务", "service", 150000, "public_notice_running", "GY-LDC"),
            ("社区书画班", "service", 60000, "residents_council", "GY-DTL")):
        day = start if until != "public_notice_running" else today - timedelta(days=12)
        project = services.project_create(
            unit=units[code], actor=admin, on=day, category=category, kind="mandatory", title=title,
            body=f"{title}：由社区居民建议、社区居委会汇总申报。", amount=amount,
            applicant_kind="residents_committee", applicant_name="社区居委会")
        made.append(_walk(project, admin, auditor, day + timedelta(days=2), until))
    return f"{len(made)} projects, 12 experts, 2 councils, 2 library entries, suggestions"
