"""Storage for 双随机 only: the two libraries (entities, inspectors), the item list (versioned), the annual
plan and its batches, the draws (commitment, seed, published inputs, result), the tasks they create, inspector
replacements and third-party evaluations. Behaviour lives in rules (pure) and services (writes)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhengwu.inspections.standard import CREDIT_CLASS_LABELS, ITEM_CLASS_LABELS, RISK_LABELS


class Entity(models.Model):
    """检查对象库: a market entity. `credit_class` sizes draws and is never shown publicly."""

    name = models.CharField(_("名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    street = models.ForeignKey(
        "org.Unit", verbose_name=_("所在街道"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.CharField(_("行业"), max_length=64)
    risk = models.CharField(_("风险等级"), max_length=8, choices=list(RISK_LABELS.items()), default="medium")
    credit_class = models.CharField(
        _("信用风险分类"), max_length=1, choices=list(CREDIT_CLASS_LABELS.items()), default="B"
    )
    abnormal = models.BooleanField(_("列入经营异常名录"), default=False)
    complaints = models.PositiveIntegerField(_("近12个月投诉数"), default=0)
    natural_person = models.BooleanField(_("个体工商户（自然人）"), default=False)
    is_active = models.BooleanField(_("存续"), default=True)

    class Meta:
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        """The id the draw publishes (never the name)."""
        return f"E{self.pk}"


class Inspector(models.Model):
    """执法检查人员库: an officer with a 执法证 (or a supporting body's staff, never eligible)."""

    name = models.CharField(_("姓名"), max_length=64)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("所属部门"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "org.Unit",
        verbose_name=_("派驻街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fields = models.JSONField(_("执法领域"), default=list, blank=True)
    certificate_no = models.CharField(_("执法证号"), max_length=32, blank=True)
    certificate_until = models.DateField(_("执法证有效期至"), null=True, blank=True)
    support_only = models.BooleanField(_("检测机构或受托机构人员"), default=False)
    conflicts = models.ManyToManyField(
        Entity, verbose_name=_("申报回避的检查对象"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return f"P{self.pk}"


class Item(models.Model):
    """An item of a department's 随机抽查事项清单, valid
    for a period (versions never overwrite each other)."""

    department = models.ForeignKey(
        "org.Unit", verbose_name=_("检查主体"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("事项编码"), max_length=32)
    name = models.CharField(_("抽查事项"), max_length=200)
    legal_basis = models.TextField(_("检查依据"), max_length=2000)
    object_type = models.CharField(_("检查对象"), max_length=100)
    ratio = models.DecimalField(_("抽查比例"), max_digits=5, decimal_places=4)
    frequency = models.PositiveIntegerField(_("抽查频次（次/年）"))
    methods = models.JSONField(_("检查方式"), default=list)
    item_class = models.CharField(_("事项类别"), max_length=8, choices=list(ITEM_CLASS_LABELS.items()))
    field = models.CharField(_("执法领域"), max_length=64, blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽查事项")
        verbose_name_plural = _("抽查事项")
        ordering = ["department__sort", "code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="inspections_item_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Plan(models.Model):
    """The annual plan (年度抽查计划): draws happen only for its batches."""

    year = models.PositiveIntegerField(_("年度"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("计划名称"), max_length=200)

    class Meta:
        verbose_name = _("年度抽查计划")
        verbose_name_plural = _("年度抽查计划")
        constraints = [models.UniqueConstraint(fields=["year", "unit"], name="inspections_one_plan_a_year")]

    def __str__(self) -> str:
        return self.title


class Batch(models.Model):
    """A batch of the plan: its items (several departments'
    items make it a joint inspection), ratio and day."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("年度计划"), on_delete=models.PROTECT, related_name="batches"
    )
    title = models.CharField(_("批次名称"), max_length=200)
    items = models.ManyToManyField(Item, verbose_name=_("抽查事项"), related_name="+")
    ratio = models.DecimalField(_("抽查比例"), max_digits=5, decimal_places=4, null=True, blank=True,
                                help_text=_("留空则按信用风险分类的比例抽取"))
    per_object = models.PositiveSmallIntegerField(_("每个对象检查人员数"), default=2)
    scheduled_on = models.DateField(_("抽取日期"))

    class Meta:
        verbose_name = _("抽查批次")
        verbose_name_plural = _("抽查批次")
        ordering = ["-scheduled_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Draw(models.Model):
    """One draw of a batch: committed first (commitment published, seed kept), then run (seed published)."""

    class State(models.TextChoices):
        COMMITTED = "committed", _("已公布承诺值")
        DRAWN = "drawn", _("已抽取")
        SUPERSEDED = "superseded", _("已重新抽取")

    batch = models.ForeignKey(Batch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="draws")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.COMMITTED)
    drawn_on = models.DateField(_("抽取日期"))
    seed = models.CharField(_("随机种子"), max_length=128)  # shown only once the draw has run
    seed_sha256 = models.CharField(_("种子的 SHA-256"), max_length=64)
    commitment = models.CharField(_("承诺值"), max_length=64, unique=True)
    inputs = models.JSONField(_("公布的输入"))
    excluded = models.JSONField(_("排除的对象"), default=list, blank=True)
    beacon = models.CharField(_("公共随机数"), max_length=200, blank=True)
    result = models.JSONField(_("抽取结果"), null=True, blank=True)
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    redraw_of = models.OneToOneField("self", verbose_name=_("重新抽取自"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="redrawn_by")
    redraw_reason = models.TextField(_("重新抽取理由"), blank=True, max_length=2000)
    redraw_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField(_("承诺时间"), auto_now_add=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽取")
        verbose_name_plural = _("抽取")
        ordering = ["-committed_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(redraw_of__isnull=True) | ~Q(redraw_reason=""),
                                              name="inspections_redraw_has_reason")]

    def __str__(self) -> str:
        return f"{self.batch} #{self.pk}"


class Task(models.Model):
    """One visit to one entity: from a draw (random, with every item of the batch — a joint visit when several
    departments' items meet) or from a complaint (a separate, labelled type). Results are recorded here."""

    class Kind(models.TextChoices):
        RANDOM = "random", _("双随机抽查")
        COMPLAINT = "complaint", _("投诉举报核查")

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("待检查")
        COMPLETED = "completed", _("已检查")
        PUBLISHED = "published", _("已公示")
        CANCELLED = "cancelled", _("已撤销（重新抽取）")

    kind = models.CharField(_("任务类型"), max_length=16, choices=Kind.choices)
    draw = models.ForeignKey(Draw, verbose_name=_("抽取"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="tasks")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("检查对象"), on_delete=models.PROTECT, related_name="tasks"
    )
    items = models.JSONField(_("检查事项"), default=list)  # [[department code, item code], …]
    inspectors = models.JSONField(_("检查人员"), default=list)  # inspector codes now assigned
    original_inspectors = models.JSONField(_("原抽取的检查人员"), default=list)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.ASSIGNED)
    assigned_on = models.DateField(_("下达日期"))
    completed_on = models.DateField(_("检查完成日期"), null=True, blank=True)
    results = models.JSONField(_("抽查检查结果"), default=list, blank=True)
    penalty = models.BooleanField(_("发现违法行为需行政处罚"), default=False)
    penalty_facts = models.TextField(_("违法事实"), blank=True, max_length=4000)
    penalty_draft = models.CharField(_("双公示处罚草稿"), max_length=64, blank=True)
    due_on = models.DateField(_("公示时限"), null=True, blank=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("检查任务")
        verbose_name_plural = _("检查任务")
        ordering = ["-assigned_on", "-id"]
        constraints = [
            # No entity enters a result list except through the draw; complaint checks are their own type.
            models.CheckConstraint(
                condition=(Q(kind="random") & Q(draw__isnull=False))
                | (Q(kind="complaint") & Q(draw__isnull=True)),
                name="inspections_task_origin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.entity}"


class InspectorSwap(models.Model):
    """回避 requested by the inspector or the entity, decided
    by the head: the replacement is drawn at random."""

    task = models.ForeignKey(Task, verbose_name=_("检查任务"), on_delete=models.PROTECT, related_name="swaps")
    outgoing = models.CharField(_("回避人员"), max_length=16)
    incoming = models.CharField(_("替换人员"), max_length=16)
    requested_by = models.CharField(_("申请方"), max_length=16, choices=[("inspector", _("检查人员")),
                                                                         ("entity", _("检查对象"))])
    reason = models.TextField(_("回避理由"), max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("检查人员回避")
        verbose_name_plural = _("检查人员回避")

    def __str__(self) -> str:
        return f"{self.outgoing} → {self.incoming}"


class Evaluation(models.Model):
    """A third-party evaluation of a check (第三方评价)."""

    task = models.ForeignKey(
        Task, verbose_name=_("检查任务"), on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluator = models.CharField(_("评价机构"), max_length=200)
    score = models.PositiveSmallIntegerField(_("评分"))
    comment = models.TextField(_("评价意见"), blank=True, max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("第三方评价")
        verbose_name_plural = _("第三方评价")

    def __str__(self) -> str:
        return f"{self.evaluator} {self.score}"
