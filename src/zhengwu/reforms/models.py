"""Storage for 改革督查 only: fields, stages, constraints. Behaviour lives in rules and services.

The register itself (7 projects, 42 items, their units) is reference data in `reference/*.csv`, read by
`standard.py`; these tables hold what happens to an item once its lead unit files a plan (立项).
An item without a Plan row is at `standard.DEFAULT_STAGE` (未立项).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengwu.reforms.standard import ITEM_NUMBERS, STAGE_LABELS, Stage

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
