"""Storage for 律师驻队 only: firms on 区司法局's list, their lawyers and assistants, the contracts of the
enforcement units, work records, annual assessments, replacements and the programme's milestones.
Behaviour lives in rules (pure) and services (writes)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhengwu.lawyers.standard import (
    DEGREE_LABELS,
    RECOMMENDATION_LABELS,
    REPLACEMENT_STATE_LABELS,
    SERVICE_KIND_LABELS,
    Degree,
    ReplacementState,
)


class Firm(models.Model):
    """A law firm with the facts §三(一) judges; `listed` = on 区司法局's list of eligible firms."""

    name = models.CharField(_("律师事务所名称"), max_length=200, unique=True)
    practising_lawyers = models.PositiveIntegerField(_("执业律师人数"))
    admin_staff = models.PositiveIntegerField(_("行政辅助人员人数"))
    partners = models.JSONField(_("合伙人"), default=list, blank=True,
                                help_text="[{name, government_adviser, admin_or_judicial_service}]")
    bad_records = models.JSONField(_("不良执业记录日期"), default=list, blank=True)
    admin_law_team = models.BooleanField(_("具有熟悉行政法规的律师团队"), default=False)
    listed = models.BooleanField(_("列入符合条件的律师事务所名单"), default=False)
    checked_on = models.DateField(_("审查日期"), null=True, blank=True)
    problems = models.JSONField(_("不符合的条件"), default=list, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("律师事务所")
        verbose_name_plural = _("律师事务所")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A stationed lawyer or one of the assistants a firm delegates (§三(二))."""

    class Kind(models.TextChoices):
        LAWYER = "lawyer", _("驻队律师")
        ASSISTANT = "assistant", _("律师助理")

    firm = models.ForeignKey(
        Firm, verbose_name=_("律师事务所"), on_delete=models.PROTECT, related_name="people"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("姓名"), max_length=64)
    practising_since = models.DateField(_("执业起始日期"), null=True, blank=True)
    admin_law = models.BooleanField(_("熟悉行政法律法规"), default=False)
    degree = models.CharField(_("学历"), max_length=16, choices=[(d.value, DEGREE_LABELS[d]) for d in Degree],
                              default=Degree.NONE)
    full_time = models.BooleanField(_("全日制"), default=False)
    law_major = models.BooleanField(_("法学专业"), default=False)
    resident = models.BooleanField(_("常驻执法单位"), default=True)

    class Meta:
        verbose_name = _("驻队人员")
        verbose_name_plural = _("驻队人员")
        ordering = ["firm", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    """An enforcement unit's 法律服务合同: one stationed lawyer (fixed) and the assistants, for a period."""

    class State(models.TextChoices):
        ACTIVE = "active", _("履行中")
        ENDED = "ended", _("已终止")

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("执法单位"), on_delete=models.PROTECT, related_name="+"
    )
    firm = models.ForeignKey(
        Firm, verbose_name=_("律师事务所"), on_delete=models.PROTECT, related_name="contracts"
    )
    lawyer = models.ForeignKey(Person, verbose_name=_("驻队律师"), on_delete=models.PROTECT, related_name="+")
    assistants = models.ManyToManyField(Person, verbose_name=_("律师助理"), blank=True, related_name="+")
    starts_on = models.DateField(_("合同开始日期"))
    ends_on = models.DateField(_("合同结束日期"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法律服务合同")
        verbose_name_plural = _("法律服务合同")
        ordering = ["unit__sort", "-starts_on"]
        constraints = [
            # 约定1名律师驻队: one contract in force per enforcement unit.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(state="active"), name="lawyers_one_active_contract"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="lawyers_contract_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.lawyer}"


class WorkRecord(models.Model):
    """One day's work in one of the six kinds of service (§二, §五(二) 详细记录，以备审查)."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("合同"), on_delete=models.PROTECT, related_name="records"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("执法单位"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("日期"))
    kind = models.CharField(_("服务类别"), max_length=32, choices=list(SERVICE_KIND_LABELS.items()))
    hours = models.DecimalField(_("工作时间（小时）"), max_digits=4, decimal_places=1, default=0)
    cases = models.PositiveIntegerField(_("处理案件数量"), default=0)
    disputes = models.PositiveIntegerField(_("解决纠纷数量"), default=0)
    documents = models.PositiveIntegerField(_("发出律师文书数量"), default=0)
    present = models.BooleanField(_("当天在执法单位"), default=True)
    actions = models.PositiveIntegerField(_("随队执法次数"), default=0)
    note = models.TextField(_("工作内容"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["contract", "day"], name="lawyers_record_contract_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"


class Assessment(models.Model):
    """The annual assessment of a contract's lawyer (§五(四)): score, parts, recommendation."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("合同"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("执法单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("考核年度"))
    months = models.PositiveSmallIntegerField(_("考核月数"), default=12)
    unit_evaluation = models.DecimalField(_("执法单位评价"), max_digits=5, decimal_places=2)
    totals = models.JSONField(_("工作量"), default=dict)
    parts = models.JSONField(_("分项得分"), default=dict)
    score = models.DecimalField(_("考核得分"), max_digits=5, decimal_places=2)
    recommendation = models.CharField(
        _("考核意见"), max_length=8, choices=list(RECOMMENDATION_LABELS.items())
    )
    reasons = models.JSONField(_("理由"), default=list, blank=True)
    assessed_on = models.DateField(_("考核日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("考核人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("年度考核")
        verbose_name_plural = _("年度考核")
        ordering = ["-year", "unit__sort"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "year"], name="lawyers_one_assessment_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.year}"


class Replacement(models.Model):
    """A request to replace the stationed lawyer or an assistant (§五(一): 需事先经相关单位同意)."""

    contract = models.ForeignKey(Contract, verbose_name=_("合同"), on_delete=models.PROTECT,
                                 related_name="replacements")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("执法单位"), on_delete=models.PROTECT, related_name="+"
    )
    outgoing = models.ForeignKey(
        Person, verbose_name=_("被更换人员"), on_delete=models.PROTECT, related_name="+"
    )
    incoming = models.ForeignKey(
        Person, verbose_name=_("接替人员"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("更换理由"), max_length=2000)
    state = models.CharField(_("状态"), max_length=16, choices=list(REPLACEMENT_STATE_LABELS.items()),
                             default=ReplacementState.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decision_note = models.TextField(_("意见"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人员更换")
        verbose_name_plural = _("人员更换")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.outgoing} → {self.incoming}"


class MilestoneProgress(models.Model):
    """One lead unit's completion of a §四 milestone in a programme year."""

    year = models.PositiveIntegerField(_("年度"))
    code = models.CharField(_("任务代码"), max_length=32)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("完成日期"))
    note = models.TextField(_("说明"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("工作任务完成情况")
        verbose_name_plural = _("工作任务完成情况")
        constraints = [
            models.UniqueConstraint(fields=["year", "code", "unit"], name="lawyers_milestone_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.code} {self.unit}"
