"""Storage for 改革督查 only: fields, stages, constraints. Behaviour lives in rules and services.

The register itself (7 projects, 42 items, their units) is reference data in `reference/*.csv`, read by
`standard.py`; these tables hold what happens to an item once its lead unit files a plan (立项).
An item without a Plan row is at `standard.DEFAULT_STAGE` (未立项).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhengwu.reforms.standard import (
    ITEM_NUMBERS,
    NOTICE_KIND_LABELS,
    NOTICE_LEVEL_LABELS,
    STAGE_LABELS,
    Stage,
)

STAGE_CHOICES = [(s.value, STAGE_LABELS[s]) for s in Stage]
ITEM_CHOICES = [(n, str(n)) for n in ITEM_NUMBERS]


class Plan(models.Model):
    """An item's implementation plan (实施方案, §三(二)) and the item's stage in its life cycle."""

    item_number = models.PositiveSmallIntegerField(_("改革事项序号"), choices=ITEM_CHOICES, unique=True)
    unit = models.ForeignKey("org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("阶段"), max_length=16, choices=STAGE_CHOICES, default=Stage.REGISTERED)
    targets = models.TextField(_("目标任务"))
    content = models.TextField(_("具体内容"))
    responsible = models.CharField(_("责任人"), max_length=100)
    registered_on = models.DateField(_("立项日期"))
    undertaking_since = models.DateField(_("承办开始日期"), null=True, blank=True,
                                         help_text=_("进展报送周期由此起算（验收退回后重新起算）"))
    completed_on = models.DateField(_("申请办结日期"), null=True, blank=True)
    evidence = models.JSONField(_("办结佐证材料"), default=list, blank=True,
                                help_text=_("每项一行：文件名称、文号或链接"))
    refusal_reasons = models.TextField(_("验收退回理由"), blank=True)
    verified_on = models.DateField(_("验收日期"), null=True, blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    published = models.BooleanField(_("向社会公开进展"), default=False,
                                    help_text=_("由区委改革办决定；公开页只显示已公开事项的阶段和节点"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("实施方案")
        verbose_name_plural = _("实施方案")
        ordering = ["item_number"]

    def __str__(self) -> str:
        return f"{self.item_number}"


class Milestone(models.Model):
    """A dated milestone of a plan's schedule (分解), assigned to a unit, with its deliverable."""

    plan = models.ForeignKey(Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    deliverable = models.CharField(_("成果"), max_length=200)
    unit = models.ForeignKey("org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["plan", "due_on", "id"]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """A periodic progress report while an item is 承办 (attachments come with the workflow services)."""

    plan = models.ForeignKey(Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("报送日期"))
    text = models.TextField(_("进展情况"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["plan", "-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.reported_on}"


class Reminder(models.Model):
    """催办: a reminder queued for a unit before a milestone falls due, when it is overdue (escalated to the
    reform office) or when a progress report is missed. One per (plan, milestone, kind, due date)."""

    class Kind(models.TextChoices):
        MILESTONE_DUE = "milestone_due", _("节点即将到期")
        MILESTONE_OVERDUE = "milestone_overdue", _("节点逾期（升级督办）")
        REPORT_MISSED = "report_missed", _("进展报告未按期报送")

    plan = models.ForeignKey(Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="reminders")
    milestone = models.ForeignKey(Milestone, verbose_name=_("节点"), null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="reminders")
    unit = models.ForeignKey("org.Unit", verbose_name=_("催办单位"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    due_on = models.DateField(_("期限"))
    escalated_to = models.ForeignKey("org.Unit", verbose_name=_("升级至"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(_("催办日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("催办")
        verbose_name_plural = _("催办")
        ordering = ["-created_on", "plan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "kind", "due_on"], condition=Q(milestone__isnull=False),
                                    name="reforms_reminder_once_per_milestone"),
            models.UniqueConstraint(fields=["plan", "kind", "due_on"], condition=Q(milestone__isnull=True),
                                    name="reforms_reminder_once_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} {self.due_on}"


class Notice(models.Model):
    """督办单, 领导批示 or a problem to rectify (问题清单): issued to a unit with a demand, a deadline and a
    sign-off; answered by the unit; verified (or sent back) by the issuing office; escalated when unanswered."""

    kind = models.CharField(_("类型"), max_length=16, choices=[(k.value, v) for k, v in NOTICE_KIND_LABELS.items()])
    level = models.CharField(_("等级"), max_length=16, choices=[(k.value, v) for k, v in NOTICE_LEVEL_LABELS.items()])
    item_number = models.PositiveSmallIntegerField(_("相关改革事项"), choices=ITEM_CHOICES, null=True, blank=True)
    unit = models.ForeignKey("org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+")
    issuer = models.ForeignKey("org.Unit", verbose_name=_("督办单位"), on_delete=models.PROTECT, related_name="+")
    demand = models.TextField(_("督办要求（整改措施）"))
    signed_by = models.CharField(_("签发人"), max_length=100)
    issued_on = models.DateField(_("签发日期"))
    deadline = models.DateField(_("办理期限"))
    answer = models.TextField(_("办理情况"), blank=True)
    answered_on = models.DateField(_("办复日期"), null=True, blank=True)
    verified_on = models.DateField(_("核验日期"), null=True, blank=True)
    escalated_on = models.DateField(_("升级日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"
