"""Demo data: a few hundred synthetic licence and penalty records for several units (idempotent).

Names are invented by the sample generator; natural persons' ID numbers are synthetic (valid check
characters, not real people); public pages mask them (credit.disclosure). Push
destinations: credit.push_destinations. The newest records then go through the workflow (submitted, a few
rejected, most published, one objection, accepted for handling).
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from zhengwu.credit import reference, services
from zhengwu.credit.models import CatalogItem, ConfidentialityReview, Objection, Record
from zhengwu.credit.reference import push_destinations
from zhengwu.credit.rules import sample
from zhengwu.credit.services import objections, workflow
from zhengwu.credit.standard import LICENSE, PENALTY
from zhengwu.org.models import Unit
from zhengwu.workdays.selectors import calendar

PLAN = (
    ("QFGJ", LICENSE, 150, 11),
    ("QCGJ", PENALTY, 150, 12),
    ("GY", LICENSE, 60, 13),
    ("GY", PENALTY, 60, 14),
)


def load() -> str:
    push_destinations.load()  # inactive unless CREDIT_PUSH_*_URL are set
    created = 0
    for code, std, rows, seed in PLAN:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or Record.objects.filter(unit=unit, kind=std.kind).exists():
            continue
        # decisions over the last three years up to a month ago, so that this year's assessment has data
        first = timezone.localdate() - timedelta(days=3 * 365)
        # 谁产生、谁负责: every record's authority is the unit that imports it (issue 13 item 2)
        frame, _defects = sample.generate(std, rows=rows, seed=seed, first_date=first.isoformat(),
                                          span_days=3 * 365 - 30, authority=unit.full_name or unit.name)
        prefix = f"{code}-"
        frame = frame.with_columns((prefix + frame[std.key]).alias(std.key))
        batch = services.import_create(
            unit=unit,
            kind=std.kind,
            check_role=False,
            upload=ContentFile(frame.write_csv().encode(), name=f"demo-{code}-{std.kind}.csv"),
        )
        services.import_run(batch)
        batch.refresh_from_db()
        created += batch.created
    for code, kind, item, name in (("QFGJ", "license", "SX-QFGJ-001", "固定资产投资项目核准"),
                                   ("QCGJ", "penalty", "SX-QCGJ-001", "占道经营处罚")):
        unit = Unit.objects.filter(code=code).first()
        if unit:
            CatalogItem.objects.get_or_create(unit=unit, kind=kind, code=item, defaults={"name": name})
    return f"{created} records; {_workflow()}"


#: (unit, operator, reviewer, how many of the newest records go through the workflow, how many get rejected)
WORKFLOW = (("QCGJ", "cgj_operator", "cgj_reviewer", 40, 2), ("QFGJ", "fgj_operator", "fgj_reviewer", 40, 1))


def _workflow() -> str:
    """Put the newest demo records through submit → review → publish (a few rejected, one objection), once."""
    reference.load()
    workflow.records_fill_due_dates()
    users = get_user_model().objects.in_bulk([u for row in WORKFLOW for u in row[1:3]], field_name="username")
    published = 0
    for code, op_name, rev_name, count, rejects in WORKFLOW:
        operator, reviewer = users.get(op_name), users.get(rev_name)
        if (
            not operator
            or not reviewer
            or ConfidentialityReview.objects.filter(record__unit__code=code).exists()
        ):
            continue
        newest = list(
            Record.objects.filter(unit__code=code, state=Record.State.IMPORTED).order_by("-decided_on")[
                :count
            ]
        )
        workflow.records_submit_many(newest, actor=operator)
        for r in newest[:rejects]:
            workflow.record_review(r, actor=reviewer, approve=False, checks={"personal_privacy": True},
                                   reasons="处罚事由中含当事人住址，请删除后重新提交")
        waiting = 5  # left in the review queue
        done, _skipped = workflow.records_approve_many(newest[rejects + waiting:], actor=reviewer)
        published += done
        # demo only: spread the publication times over the working days after each decision
        cal, tz = calendar(), timezone.get_current_timezone()
        batch = []
        for i, r in enumerate(
            Record.objects.filter(pk__in=[x.pk for x in newest], state=Record.State.PUBLISHED)
        ):
            try:
                day = cal.add_workdays(r.decided_on, 3 + i % 8)
            except ValueError:
                continue
            r.published_at = datetime.combine(day, time(10), tzinfo=tz)
            batch.append(r)
        Record.objects.bulk_update(batch, ["published_at"])
    target = (Record.objects.filter(unit__code="QCGJ", state=Record.State.PUBLISHED, objections__isnull=True,
                                    public_until__gte=timezone.localdate()).order_by("-decided_on").first())
    if target is not None and not Objection.objects.exists():
        objection = objections.objection_create(
            target,
            name="深圳市示例餐饮有限公司",
            contact="0755-00000000",
            content="该处罚已经复议撤销，请核实后更正。",
            client="demo",
        )
        if users.get("cgj_operator"):  # accepted for handling: the record now shows 异议中 publicly
            objections.objection_accept(objection, actor=users["cgj_operator"], note="已调取复议决定书核实")
    return f"{published} published through the workflow"
