"""Storage for 民生微实事 only: fields, states, constraints. Behaviour lives in rules.py and services/.

One record runs from suggestion to evaluation (issue 17 §10): a `Suggestion` (who proposed it, kept
private) becomes — or is copied from a `LibraryEntry` into — a `Project`; every step of the project's
path is a `StepRecord`; its notice is a frozen `Notice` (content + hash) with `Objection`s; its
implementation is `Milestone`s; then `AuditRecord`s and an `Evaluation`. Persons' data (proposers,
objectors, experts) lives in fields that public selectors never read.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengwu.microprojects.standard import (
    APPLICANT_LABELS,
    CATEGORY_LABELS,
    KIND_LABELS,
    STEP_LABELS,
    Applicant,
    Audit,
    Category,
    Kind,
    Step,
)

CATEGORY_CHOICES = [(c.value, CATEGORY_LABELS[c]) for c in Category]
KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in Kind]
APPLICANT_CHOICES = [(a.value, APPLICANT_LABELS[a]) for a in Applicant]
STEP_CHOICES = [(s.value, STEP_LABELS[s]) for s in Step]
AUDIT_CHOICES = [(a.value, STEP_LABELS[Step(a)]) for a in Audit]
USER = settings.AUTH_USER_MODEL


def _money(label):
    return models.DecimalField(label, max_digits=14, decimal_places=2)


class Suggestion(models.Model):
    """A resident's (or unit's) suggestion (§四(一) 项目征集), with who proposed it (private)."""

    class Channel(models.TextChoices):
        WEB = "web", _("网站")
        WECHAT = "wechat", _("微信")
        BOX = "box", _("意见箱")
        IMPORT = "import", _("历史建议导入")

    class State(models.TextChoices):
        NEW = "new", _("待分拣")
        LIBRARY = "library", _("已入项目库")
        PROJECT = "project", _("已形成项目")
        DUPLICATE = "duplicate", _("重复")
        DECLINED = "declined", _("不予采纳")

    unit = models.ForeignKey("org.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("建议标题"), max_length=200)
    text = models.TextField(_("建议内容"), blank=True)
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    proposer_name = models.CharField(_("建议人"), max_length=64, blank=True)  # private
    proposer_contact = models.CharField(_("联系方式"), max_length=64, blank=True)  # private
    fingerprint = models.CharField(_("去重指纹"), max_length=64, db_index=True)
    # the digest of the receipt code the proposer got (web,
    # WeChat): the code shows them the outcome and reason
    receipt_digest = models.CharField(_("回执码摘要"), max_length=64, blank=True, db_index=True)
    areas = models.JSONField(_("实施内容分类"), default=list, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.NEW)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("理由（告知建议人）"), blank=True)
    library_entry = models.ForeignKey("LibraryEntry", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="suggestions")
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("建议")
        verbose_name_plural = _("建议")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class LibraryEntry(models.Model):
    """A project of the dynamic project library (§四(二)): the district's (区社工委 engineering, 区民政局
    service) or the city's; communities copy one into a project."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("区级项目库")
        CITY = "city", _("市级项目库")

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("层级"), max_length=8, choices=Level.choices, default=Level.DISTRICT)
    category = models.CharField(_("类别"), max_length=12, choices=CATEGORY_CHOICES)
    kind = models.CharField(_("必选或自选"), max_length=12, choices=KIND_CHOICES)
    title = models.CharField(_("项目名称"), max_length=200)
    text = models.TextField(_("项目内容"), blank=True)
    guide = models.TextField(_("申报指引"), blank=True)
    standard = models.TextField(_("实施标准"), blank=True)
    reference_amount = _money(_("参考金额（元）"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目库项目")
        verbose_name_plural = _("项目库项目")
        ordering = ["level", "category", "title"]

    def __str__(self) -> str:
        return self.title


class Project(models.Model):
    """A micro-project of one community, from its suggestions to its evaluation."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    category = models.CharField(_("类别"), max_length=12, choices=CATEGORY_CHOICES)
    kind = models.CharField(_("必选或自选"), max_length=12, choices=KIND_CHOICES)
    title = models.CharField(_("项目名称"), max_length=200)
    text = models.TextField(_("项目内容"), blank=True)
    amount = _money(_("项目金额（元）"))
    admin_cost = _money(_("行政统筹费用（元）"))
    applicant_kind = models.CharField(_("申报主体"), max_length=32, choices=APPLICANT_CHOICES)
    applicant_name = models.CharField(_("申报主体名称"), max_length=100)  # private when a resident
    self_raised_funds = _money(_("自筹资金（元）"))
    self_raised_proof_sent = models.BooleanField(_("已向审计部门提交自筹经费证明"), default=False)
    cap_exception_reasons = models.TextField(_("超上限例外理由（街道批准）"), blank=True)
    negative_matches = models.JSONField(
        _("负面清单命中"), default=list, blank=True
    )  # [{"item", "responsible"}]
    negative_overrides = models.JSONField(_("街道同意理由"), default=dict, blank=True)  # {"5": "理由"}
    government_overlaps = models.JSONField(_("与政府投资项目重复"), default=list, blank=True)
    procurement_catalogue = models.BooleanField(_("属政府集中采购目录"), default=False)
    priority = models.BooleanField(_("消除安全隐患（优先）"), default=False)
    areas = models.JSONField(_("实施内容分类"), default=list, blank=True)
    step = models.CharField(_("当前步骤"), max_length=24, choices=STEP_CHOICES, default=Step.SUGGESTION)
    reason = models.TextField(_("未通过理由（告知申报人）"), blank=True)
    expert_amount = models.DecimalField(_("专家评定金额（元）"), max_digits=14, decimal_places=2, null=True,
                                        blank=True)
    suggestions = models.ManyToManyField(
        Suggestion, verbose_name=_("来源建议"), blank=True, related_name="projects"
    )
    library_entry = models.ForeignKey(LibraryEntry, verbose_name=_("来源项目库"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="projects")
    applied_on = models.DateField(_("申报日期"))
    determined_on = models.DateField(_("确定日期"), null=True, blank=True)
    implementer = models.CharField(_("实施主体"), max_length=100, blank=True)
    implementer_chosen_on = models.DateField(_("实施主体确定日期"), null=True, blank=True)
    started_on = models.DateField(_("开展日期"), null=True, blank=True)
    completed_on = models.DateField(_("完工日期"), null=True, blank=True)
    maintenance_unit = models.CharField(_("后续管理养护单位"), max_length=100, blank=True)
    funds_used = models.DecimalField(
        _("资金使用（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    results = models.TextField(_("实施效果"), blank=True)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    created_by = models.ForeignKey(USER, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("民生微实事项目")
        verbose_name_plural = _("民生微实事项目")
        ordering = ["-priority", "-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "year"], name="micro_project_unit_year")]

    def __str__(self) -> str:
        return self.title


class StepRecord(models.Model):
    """One step of a project's path, done (or refused) by whom, when, with its record (minutes, votes…)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="records")
    step = models.CharField(_("步骤"), max_length=24, choices=STEP_CHOICES)
    passed = models.BooleanField(_("通过"), default=True)
    on = models.DateField(_("日期"))
    note = models.TextField(_("记录"), blank=True)  # minutes; review notes are staff-only
    data = models.JSONField(_("数据"), default=dict, blank=True)  # attendance, votes, experts, amounts
    actor = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("步骤记录")
        verbose_name_plural = _("步骤记录")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Expert(models.Model):
    """An expert of the engineering pool (区住房建设局) or the service pool (区民政局), §四(三)."""

    pool = models.CharField(_("专家库"), max_length=12, choices=CATEGORY_CHOICES)
    name = models.CharField(_("姓名"), max_length=64)  # private
    fields = models.JSONField(_("专业"), default=list)
    interests = models.JSONField(_("利害关系（单位代码、组织名称）"), default=list, blank=True)
    active = models.BooleanField(_("在库"), default=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["pool", "id"]

    def __str__(self) -> str:
        return self.name


class ExpertAssignment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="experts")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("专业"), max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "expert"], name="micro_expert_once")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Council(models.Model):
    """A community residents' council (议事会) and its rules of procedure (罗湖十条, configurable)."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.PositiveIntegerField(_("议事会成员数"))
    quorum = models.CharField(_("法定人数比例"), max_length=8, default="1/2")
    quorum_inclusive = models.BooleanField(_("达到即可（否则须超过）"), default=False)
    majority = models.CharField(_("通过比例"), max_length=8, default="1/2")
    majority_base = models.CharField(_("通过比例的基数"), max_length=12, default="votes_cast")
    majority_inclusive = models.BooleanField(_("达到即可（否则须超过）"), default=False)

    class Meta:
        verbose_name = _("居民议事会")
        verbose_name_plural = _("居民议事会")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Notice(models.Model):
    """The 5-working-day public notice: a frozen snapshot and its SHA-256 (issue 17 §10)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="notice")
    published_on = models.DateField(_("公示日期"))
    ends_on = models.DateField(_("公示截止"))
    content = models.JSONField(_("公示内容"))
    content_hash = models.CharField(_("内容哈希"), max_length=64)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Objection(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("异议内容"))
    contact = models.CharField(_("联系方式"), max_length=64, blank=True)  # private
    submitted_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("答复"), blank=True)
    upheld = models.BooleanField(_("异议成立"), default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=200)
    on = models.DateField(_("日期"))
    progress = models.PositiveSmallIntegerField(_("进度（%）"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("实施节点")
        verbose_name_plural = _("实施节点")
        ordering = ["project", "on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class MilestoneFile(models.Model):
    """A photo or document of a milestone (core.uploads: photos re-encoded from their pixels, a PDF or XLSX
    kept by its bytes and served only as a download)."""

    milestone = models.ForeignKey(Milestone, verbose_name=_("实施节点"), on_delete=models.CASCADE,
                                  related_name="files")
    file = models.FileField(_("文件"), upload_to="microprojects/milestones/%Y/%m/", max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    original_name = models.CharField(_("原文件名"), max_length=100, help_text=_("只用于显示，从不用于存储"))

    class Meta:
        verbose_name = _("实施节点附件")
        verbose_name_plural = _("实施节点附件")
        ordering = ["milestone", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_photo(self) -> bool:
        return self.content_type.startswith("image/")


class AuditRecord(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="audits")
    audit = models.CharField(_("审计"), max_length=24, choices=AUDIT_CHOICES)
    on = models.DateField(_("日期"))
    approved_amount = models.DecimalField(
        _("审定金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    result = models.TextField(_("审计结果"))

    class Meta:
        verbose_name = _("审计")
        verbose_name_plural = _("审计")
        constraints = [models.UniqueConstraint(fields=["project", "audit"], name="micro_audit_once")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Evaluation(models.Model):
    """§六(四): the third party's satisfaction survey and the yearly excellence scores."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="evaluation")
    evaluator = models.CharField(_("第三方评估机构"), max_length=100)
    satisfaction = models.DecimalField(_("满意度（%）"), max_digits=5, decimal_places=2)
    respondents = models.JSONField(_("测评对象人数"), default=dict)
    resident_score = models.DecimalField(_("居民评议"), max_digits=5, decimal_places=2, null=True, blank=True)
    council_score = models.DecimalField(
        _("议事会评议"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    expert_score = models.DecimalField(_("专家评议"), max_digits=5, decimal_places=2, null=True, blank=True)
    on = models.DateField(_("日期"))
    excellent = models.BooleanField(_("年度优秀项目"), default=False)
    excellence_total = models.DecimalField(
        _("优秀评选综合分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    excellence_rank = models.PositiveIntegerField(_("优秀评选名次"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目评议")
        verbose_name_plural = _("项目评议")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Budget(models.Model):
    """A street's or community's yearly micro-project budget (§七(三): used within the year)."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    amount = _money(_("预算（元）"))

    class Meta:
        verbose_name = _("年度预算")
        verbose_name_plural = _("年度预算")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="micro_budget_unit_year")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Contribution(models.Model):
    """§七(五): donations, sponsorship and naming."""

    class Kind(models.TextChoices):
        DONATION = "donation", _("捐赠")
        SPONSORSHIP = "sponsorship", _("赞助")
        NAMING = "naming", _("冠名")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("方式"), max_length=12, choices=Kind.choices)
    party = models.CharField(_("出资单位"), max_length=100)
    amount = _money(_("金额（元）"))
    on = models.DateField(_("日期"))

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class GovernmentProject(models.Model):
    """A government investment project planned or under way (§一: micro-projects must not duplicate it)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("拟建")
        ONGOING = "ongoing", _("在建")

    name = models.CharField(_("项目名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("建设单位"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("政府投资项目")
        verbose_name_plural = _("政府投资项目")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class StageDate(models.Model):
    """The date of a stage in one year (issue 17 §10: dates configured per year)."""

    year = models.PositiveIntegerField(_("年度"))
    stage = models.CharField(_("阶段"), max_length=32)
    on = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("年度阶段日期")
        verbose_name_plural = _("年度阶段日期")
        constraints = [models.UniqueConstraint(fields=["year", "stage"], name="micro_stage_year")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Reminder(models.Model):
    """A deadline reminder sent to the unit responsible (once per project, kind and due date)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("期限"), max_length=24)
    due_on = models.DateField(_("期限日"))
    overdue = models.BooleanField(_("已逾期"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")
        constraints = [models.UniqueConstraint(fields=["project", "kind", "due_on", "overdue"],
                                               name="micro_reminder_once")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class RatingCode(models.Model):
    """A 评价码 for one resident's 好差评 of a completed project (core.ratings): the street hands one to each
    person it asks (the 满意度测评's respondents, households the project serves), each allows one rating.
    Only the code's digest is stored; who holds it is not recorded."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="rating_codes"
    )
    digest = models.CharField(_("评价码摘要"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("发放时间"))
    issued_by = models.ForeignKey(USER, verbose_name=_("发放人"), on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评价码")
        verbose_name_plural = _("评价码")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
