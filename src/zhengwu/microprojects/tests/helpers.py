"""Helpers of the 民生微实事 tests: the community, dates, and `walk` through the services."""

from datetime import date

from zhengwu.microprojects import rules, services

COMMUNITY, STREET = "GY-DTL", "GY"
MONDAY = date(2026, 3, 2)


def new_project(cast, **overrides):
    fields = dict(unit=cast["units"][COMMUNITY], actor=cast["community"], on=MONDAY, category="engineering",
                  kind="mandatory", title="社区公园无障碍步道改造", body="为长者和轮椅使用者修建无障碍步道",
                  amount=350000, applicant_kind="residents_committee", applicant_name="大塘龙社区居委会")
    return services.project_create(**(fields | overrides))


def walk(cast, project, until: str):
    """Take the project through the services up to and including step `until`."""
    c = cast
    order = rules.project_steps(project.category, project.amount)
    for step in order[order.index(project.step) + 1:]:
        if step == "two_committees":
            services.two_committees_record(project=project, actor=c["community"], on=MONDAY, passed=True,
                                           minutes="两委联席会议预审通过", attendees=9)
        elif step == "expert_review":
            services.experts_draw(
                project=project, actor=c["street"], need={"建筑工程": 2, "财务管理": 1}, seed="t"
            )
            services.expert_review_record(project=project, actor=c["street"], on=MONDAY, passed=True,
                                          notes="专家评审通过", amount="340000")
        elif step == "residents_council":
            services.council_record(project=project, actor=c["community"], on=MONDAY, minutes="议事会评议",
                                    tallies=[rules.Tally(12, 10, 1, 1)])
        elif step == "first_secretary":
            services.first_secretary_record(project=project, actor=c["secretary"], on=MONDAY, approved=True)
        elif step == "public_notice":
            services.notice_publish(project=project, actor=c["community"], on=MONDAY)
            services.notice_close(project=project, actor=c["community"], on=date(2026, 3, 10))
        elif step == "budget_review":
            services.audit_record(
                project=project,
                actor=c["auditor"],
                on=date(2026, 3, 11),
                audit="budget_review",
                result="预算审定 338,000 元",
                approved_amount="338000",
            )
        elif step == "implementation":
            services.implementer_choose(project=project, actor=c["street"], on=date(2026, 3, 12),
                                        implementer="深圳某建设工程有限公司")
        elif step == "completion":
            services.milestone_record(project=project, actor=c["street"], on=date(2026, 4, 1), title="开工",
                                      progress=30)
            services.project_complete(
                project=project,
                actor=c["street"],
                on=date(2026, 6, 1),
                maintenance_unit="大塘龙社区工作站",
                funds_used="336000",
                results="步道已通行",
            )
        elif step in ("limited_audit", "settlement_audit", "final_accounts_audit"):
            services.audit_record(project=project, actor=c["auditor"], on=date(2026, 6, 20), audit=step,
                                  result=f"{step} 无问题")
        elif step == "evaluation":
            services.evaluation_record(
                project=project,
                actor=c["street"],
                on=date(2026, 7, 1),
                evaluator="第三方",
                satisfaction="92.5",
                respondents={"社区党员": 12},
            )
        project.refresh_from_db()
        if step == until:
            break
    return project
