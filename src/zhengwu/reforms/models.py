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
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("实施方案")
        verbose_name_plural = _("实施方案")
        ordering = ["item_number"]

    def __str__(self) -> str:
        return f"{self.item_number}"


class Milestone(models.Model):
    """A dated milestone of a plan's schedule (分解), assigned to a unit, with its deliverable."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("节点"), max_length=200)
    deliverable = models.CharField(_("成果"), max_length=200)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
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

    plan = models.ForeignKey(
        Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="reports"
    )
    reported_on = models.DateField(_("报送日期"))
    text = models.TextField(_("进展情况"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["plan", "-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.reported_on}"


class ReportAttachment(models.Model):
    """A file sent with a progress report (承办): a photo re-encoded by core.uploads.clean_image, or a PDF /
    spreadsheet checked by its bytes (core.uploads.check_pdf / check_table); stored under a generated name,
    served only through core.uploads.serve (inline for re-encoded photos, a download for everything else)."""

    report = models.ForeignKey(ProgressReport, verbose_name=_("进展报告"), on_delete=models.CASCADE,
                               related_name="attachments")
    file = models.FileField(_("文件"), upload_to="reforms/reports/%Y/%m/", max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    original_name = models.CharField(_("原文件名"), max_length=100, help_text=_("只用于显示，从不用于存储"))

    class Meta:
        verbose_name = _("进展报告附件")
        verbose_name_plural = _("进展报告附件")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """催办: a reminder queued for a unit before a milestone falls due, when it is overdue (escalated to the
    reform office) or when a progress report is missed. One per (plan, milestone, kind, due date)."""

    class Kind(models.TextChoices):
        MILESTONE_DUE = "milestone_due", _("节点即将到期")
        MILESTONE_OVERDUE = "milestone_overdue", _("节点逾期（升级督办）")
        REPORT_MISSED = "report_missed", _("进展报告未按期报送")

    plan = models.ForeignKey(
        Plan, verbose_name=_("实施方案"), on_delete=models.CASCADE, related_name="reminders"
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("节点"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("催办单位"), on_delete=models.PROTECT, related_name="+"
    )
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
            models.UniqueConstraint(
                fields=["milestone", "kind", "due_on"],
                condition=Q(milestone__isnull=False),
                name="reforms_reminder_once_per_milestone",
            ),
            models.UniqueConstraint(
                fields=["plan", "kind", "due_on"],
                condition=Q(milestone__isnull=True),
                name="reforms_reminder_once_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} {self.due_on}"


class Notice(models.Model):
    """督办单, 领导批示 or a problem to rectify (问题清单): issued to a unit with a demand, a deadline and a
    sign-off; answered by the unit; verified (or sent back)
    by the issuing office; escalated when unanswered."""

    kind = models.CharField(
        _("类型"), max_length=16, choices=[(k.value, v) for k, v in NOTICE_KIND_LABELS.items()]
    )
    level = models.CharField(
        _("等级"), max_length=16, choices=[(k.value, v) for k, v in NOTICE_LEVEL_LABELS.items()]
    )
    item_number = models.PositiveSmallIntegerField(
        _("相关改革事项"), choices=ITEM_CHOICES, null=True, blank=True
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        "org.Unit", verbose_name=_("督办单位"), on_delete=models.PROTECT, related_name="+"
    )
    demand = models.TextField(_("督办要求（整改措施）"))
    signed_by = models.CharField(_("签发人"), max_length=100)
    issued_on = models.DateField(_("签发日期"))
    deadline = models.DateField(_("办理期限"))
    answer = models.TextField(_("办理情况"), blank=True)
    answered_on = models.DateField(_("办复日期"), null=True, blank=True)
    verified_on = models.DateField(_("核验日期"), null=True, blank=True)
    escalated_on = models.DateField(_("升级日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class Evaluation(models.Model):
    """第三方评估 (§一(三)): an evaluator's score of a unit's reform work for a period, with its report."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("被评估单位"), on_delete=models.PROTECT, related_name="+"
    )
    evaluator = models.CharField(_("评估机构"), max_length=200)
    period_start = models.DateField(_("评估期起"))
    period_end = models.DateField(_("评估期止"))
    score = models.DecimalField(_("评估得分"), max_digits=5, decimal_places=2)
    report = models.TextField(_("评估报告摘要"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("第三方评估")
        verbose_name_plural = _("第三方评估")
        ordering = ["-period_end", "unit"]

    def __str__(self) -> str:
        return f"{self.evaluator} {self.unit_id} {self.period_end}"


class Inspection(models.Model):
    """§三(三) 经常性地开展检查督办和专题调研: a special inspection or a topic research, with its findings."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("专项检查")
        RESEARCH = "research", _("专题调研")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    item_number = models.PositiveSmallIntegerField(
        _("相关改革事项"), choices=ITEM_CHOICES, null=True, blank=True
    )
    units = models.ManyToManyField("org.Unit", verbose_name=_("涉及单位"), related_name="+")
    findings = models.TextField(_("发现的问题和结论"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("检查和调研")
        verbose_name_plural = _("检查和调研")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class MicroReform(models.Model):
    """A department's or street's own 微改革 / 微创新 project in the library (issue 19 §1): the
    same shape as a plan item — registered by its lead unit with a responsible person, dated milestones,
    status lights — and closed by the reform office once every milestone is done."""

    class Kind(models.TextChoices):
        REFORM = "reform", _("微改革")
        INNOVATION = "innovation", _("微创新")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("项目名称"), max_length=200)
    summary = models.TextField(_("主要内容"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.CharField(_("责任人"), max_length=100)
    registered_on = models.DateField(_("登记日期"))
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("微改革微创新项目")
        verbose_name_plural = _("微改革微创新项目")
        ordering = ["unit", "registered_on", "id"]

    def __str__(self) -> str:
        return self.title


class MicroMilestone(models.Model):
    """A dated milestone of a micro-reform project, assigned to a unit, with its deliverable."""

    project = models.ForeignKey(MicroReform, verbose_name=_("项目"), on_delete=models.CASCADE,
                                related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    deliverable = models.CharField(_("成果"), max_length=200)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("期限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("微改革节点")
        verbose_name_plural = _("微改革节点")
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class MonthlyReport(models.Model):
    """The printable monthly report (月报, PDF) of 大督查, built by a
    background task (tasks.build_monthly_report) from the same selectors as the dashboard; the figures it
    printed are kept beside the file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        DONE = "done", _("已生成")
        FAILED = "failed", _("生成失败")

    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    on = models.DateField(_("评判日"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("PDF 文件"), upload_to="reforms/monthly/", max_length=200, blank=True)
    figures = models.JSONField(_("报告中的数据"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    seconds = models.FloatField(_("生成用时（秒）"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("督查月报")
        verbose_name_plural = _("督查月报")
        ordering = ["-month", "-id"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class RatingCode(models.Model):
    """群众评议 (§一(三)): a 评议码 the reform office hands to one person for one period — the proof that
    a rating comes from a verified person. Stored only as a digest; shown in clear once, when issued."""

    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    period_start = models.DateField(_("评议期起"))
    period_end = models.DateField(_("评议期止"))
    issued_at = models.DateTimeField(_("发放时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发放人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("群众评议码")
        verbose_name_plural = _("群众评议码")
        ordering = ["-period_end", "id"]

    def __str__(self) -> str:
        return f"{self.pk} {self.period_start}–{self.period_end}"


class PublicRating(models.Model):
    """A resident's rating (1–5) of one published reform
    item: one per 评议码 (a person and a period) and item."""

    code = models.ForeignKey(
        RatingCode, verbose_name=_("评议码"), on_delete=models.PROTECT, related_name="ratings"
    )
    item_number = models.PositiveSmallIntegerField(_("改革事项序号"), choices=ITEM_CHOICES)
    score = models.PositiveSmallIntegerField(_("评分"))
    rated_on = models.DateField(_("评议日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("群众评议")
        verbose_name_plural = _("群众评议")
        ordering = ["-rated_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["code", "item_number"], name="reforms_one_rating_per_code_item")
        ]
        indexes = [models.Index(fields=["rated_on"])]

    def __str__(self) -> str:
        return f"{self.item_number} {self.score}"
