"""Storage of 双公示 records and imports.

One `Record` table for both standards: typed, indexed columns for what the platform queries (序号,
文号, 相对人名称 and codes, dates, status, street, 事项编码) and `data`, a JSON of every standard field
as submitted (normalised). The standard itself stays the single definition of the fields; see
docs/credit-standard.md.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengwu.credit.rules import objections as objection_rules
from zhengwu.credit.rules import repair as repair_rules
from zhengwu.credit.rules import workflow as workflow_rules
from zhengwu.credit.rules.publicity import SEVERITY_LABELS, Severity
from zhengwu.credit.standard import KIND_LABELS
from zhengwu.credit.standard import Kind as StdKind


class Kind(models.TextChoices):
    LICENSE = StdKind.LICENSE.value, KIND_LABELS[StdKind.LICENSE]
    PENALTY = StdKind.PENALTY.value, KIND_LABELS[StdKind.PENALTY]


def _choices(labels: dict) -> list[tuple[str, str]]:
    """Model choices from a rules module's {enum member: label}: the rules' enum is the one list of values."""
    return [(str(value), label) for value, label in labels.items()]


class ImportBatch(models.Model):
    """One uploaded file and what its import did."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="credit_imports"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    source = models.FileField(_("上传文件"), upload_to="credit/uploads/%Y/%m/", max_length=255,
                              help_text=_("原样保存的上传文件，例如 许可2016.xlsx"))
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True, db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(
        _("说明"), blank=True, help_text=_("失败原因，例如 文件第一行没有可识别的表头")
    )
    rows = models.PositiveIntegerField(_("行数"), default=0)
    processed = models.PositiveIntegerField(_("已处理行数"), default=0)
    valid_rows = models.PositiveIntegerField(_("有效行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变化"), default=0)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    error_report = models.FileField(
        _("错误报告"), upload_to="credit/reports/%Y/%m/", max_length=255, blank=True
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # the lease of a running import: its process writes a heartbeat every few seconds; a batch whose
    # heartbeat stops is closed by the `credit.imports` periodic job (services.imports.imports_recover)
    worker = models.CharField(
        _("导入进程"), max_length=120, blank=True, help_text=_("主机名:进程号，例如 app1:4242")
    )
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    stored_at = models.DateTimeField(_("全部行保存时间"), null=True, blank=True,
                                     help_text=_("所有行已存入数据库的时间（之后只剩错误报告和完成状态）"))

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "-created_at"], name="credit_import_unit_created")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_kind_display()})"

    @property
    def invalid_rows(self) -> int:
        return self.rows - self.valid_rows

    @property
    def percent(self) -> int:
        return (
            int(100 * self.processed / self.rows)
            if self.rows
            else (100 if self.status == self.Status.DONE else 0)
        )


class Record(models.Model):
    """One licence or penalty record (the current version; earlier versions are in the ledger)."""

    #: imported/draft → submitted → (confidentiality review) → published → pushed; rejected goes back.
    #: The rules' enum (`rules.workflow.State`), so that `Record.State.PUBLISHED` and the rules are one list.
    State = workflow_rules.State
    Severity = Severity

    class Status(models.TextChoices):
        NORMAL = "0", workflow_rules.STATUS_LABELS["0"]
        REVOKED = "1", workflow_rules.STATUS_LABELS["1"]
        OBJECTION = "2", workflow_rules.STATUS_LABELS["2"]
        OTHER = "3", workflow_rules.STATUS_LABELS["3"]

    # no index of its own: the unique (unit, kind, key) and (unit, kind, -decided_on) indexes start with it
    # (an own index only cost every insert; issue 13 item 18)
    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT,
                             related_name="credit_records", db_index=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    key = models.CharField(
        _("序号"), max_length=256, help_text=_("标准中的主键 XK_XH / CF_XH，例如 LIC000000001")
    )
    decision_no = models.CharField(
        _("决定书文号"),
        max_length=128,
        help_text=_("XK_WSH / CF_WSH，多个相对人的处罚以此关联，例如 深罗城罚决字〔2016〕第1号"),
    )
    subject_name = models.CharField(
        _("行政相对人名称"), max_length=256, help_text=_("例如 深圳市鹏城商贸有限公司")
    )
    uscc = models.CharField(_("统一社会信用代码"), max_length=64, blank=True)
    org_code = models.CharField(_("组织机构代码"), max_length=64, blank=True)
    is_natural_person = models.BooleanField(_("自然人"), default=False)
    category = models.CharField(_("类别"), max_length=72, help_text=_("审批类别或处罚类别，例如 核准"))
    decided_on = models.DateField(
        _("决定日期"), help_text=_("生效期 XK_SXQ / CF_SXQ，公示时限（7 个工作日）由此起算")
    )
    valid_until = models.DateField(_("截止期"), null=True, help_text=_("2099-12-31 表示长期"))
    publicity_until = models.DateField(_("公示期限"), null=True, blank=True)
    status = models.CharField(
        _("当前状态"), max_length=1, choices=_choices(workflow_rules.STATUS_LABELS), default="0"
    )
    street = models.CharField(_("街道"), max_length=64, help_text=_("例如 桂园街道"))
    item_code = models.CharField(_("事项编码"), max_length=50, blank=True)
    authority = models.CharField(_("机关"), max_length=64, help_text=_("许可机关或处罚机关全称"))
    data = models.JSONField(
        _("标准字段"), help_text=_('全部标准字段（字段代码 → 值），例如 {"XK_XH": "1", …}')
    )
    digest = models.CharField(
        _("内容摘要"), max_length=64, help_text=_("data 的 SHA-256，重复导入时判断是否变化")
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    state = models.CharField(_("流程状态"), max_length=16, choices=_choices(workflow_rules.STATE_LABELS),
                             default=workflow_rules.State.IMPORTED)
    due_on = models.DateField(_("公示时限"), null=True, blank=True,
                              help_text=_("决定日期后第 7 个工作日，例如 2025-10-16"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公示人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pushed_at = models.DateTimeField(_("推送完成时间"), null=True, blank=True)
    severity = models.CharField(
        _("处罚情节"),
        max_length=8,
        choices=_choices(SEVERITY_LABELS),
        blank=True,
        db_default="",
        help_text=_("仅行政处罚：轻微 / 一般 / 严重，决定公示期限"),
    )
    severity_reason = models.CharField(
        _("处罚情节认定理由"),
        max_length=200,
        blank=True,
        db_default="",
        help_text=_(
            "单位改变系统按处罚类别判断的情节时必填（例如 依据行业主管部门分类标准认定为严重），规则变更后不"
            "再重新认定"
        ),
    )
    public_until = models.DateField(_("公开截止"), null=True, blank=True,
                                    help_text=_("在公开页面展示的最后一天；为空表示不公开"))
    repaired_on = models.DateField(_("信用修复日期"), null=True, blank=True)
    repairable_from = models.DateField(
        _("最早可修复日期"),
        null=True,
        blank=True,
        help_text=_("处罚最短公示期满之日；信用修复不早于该日结束公示，例如 2026-08-11"),
    )
    public_ended_on = models.DateField(
        _("公示结束日期"), null=True, blank=True,
        help_text=_("记录离开公开页面的第一天（信用修复或公示期满），由信用修复审核和每日任务记录并推送撤回；"
                    "只作记录，是否公开由 rules.visibility 判断"))
    batch = models.ForeignKey(ImportBatch, verbose_name=_("导入批次"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="records")
    created_at = models.DateTimeField(_("创建时间"))
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("双公示记录")
        verbose_name_plural = _("双公示记录")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "key"], name="credit_record_unique_unit_kind_key"
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="credit_record_version_positive"),
        ]
        indexes = [
            models.Index(fields=["unit", "kind", "-decided_on"], name="credit_record_unit_kind_dec"),
            models.Index(fields=["subject_name"], name="credit_record_subject"),
            # plain indexes (not db_index): PostgreSQL would add a second, `_like` index to each, for
            # LIKE 'prefix%' lookups that nothing makes — built for nothing after every large import
            models.Index(fields=["decision_no"], name="credit_record_decision_no"),
            models.Index(fields=["uscc"], name="credit_record_uscc"),
            models.Index(fields=["unit", "state", "due_on"], name="credit_record_unit_state_due"),
            models.Index(fields=["state", "kind", "-decided_on"], name="credit_record_state_kind_dec"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.subject_name}"


class PublicName(models.Model):
    """The substring-search index of a published record: its public (masked) name — see `credit.name_search`.

    Written when a record is published (and rewritten when its name or decision date changes); the public
    query still applies every public condition, so an entry may outlive the record's public period.
    Full-text indexes over `name` and `pairs` are created per database by migration 0004 (SQLite FTS5
    table `credit_publicname_fts` kept in sync by triggers; PostgreSQL pg_trgm GIN indexes).
    """

    rank = models.BigIntegerField(_("排序键"), primary_key=True,
                                  help_text=_("决定日期（日序号）左移 32 位再加记录 ID，新决定在前"))
    record = models.OneToOneField(
        Record, verbose_name=_("记录"), on_delete=models.CASCADE, related_name="public_name"
    )
    name = models.CharField(
        _("公开名称"), max_length=256, help_text=_("公开页面显示的名称，自然人已隐去，例如 张*明")
    )
    pairs = models.TextField(_("两字索引"), help_text=_("名称中每两个相邻字符，用于两个字的查询"))

    class Meta:
        verbose_name = _("公示名称索引")
        verbose_name_plural = _("公示名称索引")

    def __str__(self) -> str:
        return self.name


class CatalogItem(models.Model):
    """An item (事项) of a unit's licensing/penalty catalog; records' 事项编码 (SXBM) must be one of these."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="credit_items"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    code = models.CharField(
        _("事项编码"),
        max_length=50,
        help_text=_("市编办统一提供的事项编码，例如 11440303007543096R4442111001000"),
    )
    name = models.CharField(_("事项名称"), max_length=256, help_text=_("例如 食品经营许可"))
    power_ref = models.CharField(_("权责清单编号"), max_length=64, blank=True,
                                 help_text=_("该事项在本单位权责清单中的编号，例如 QCGJ-CF-012"))
    publishable = models.BooleanField(_("可公示"), default=True,
                                      help_text=_("因法律法规规定不予公示的事项取消勾选，并填写依据"))
    legal_basis = models.TextField(_("不予公示的理由和依据"), blank=True,
                                   help_text=_("例如 《中华人民共和国保守国家秘密法》第九条"))
    publishable_fields = models.JSONField(
        _("可公示的信息项"),
        default=list,
        blank=True,
        help_text=_('可公示字段代码列表，空表示标准规定的全部公示字段，例如 ["CF_WSH", "CF_XDR_MC"]'),
    )

    class Meta:
        verbose_name = _("事项目录条目")
        verbose_name_plural = _("事项目录")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "code"], name="credit_item_unique_unit_kind_code"
            ),
            models.CheckConstraint(
                condition=models.Q(publishable=True) | ~models.Q(legal_basis=""),
                name="credit_item_unpublishable_needs_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CatalogSubmission(models.Model):
    """A unit's catalog (事项目录) sent to the lead unit (区发改局) in one round, with its due date."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已报送")
        ACCEPTED = "accepted", _("已确认")
        RETURNED = "returned", _("已退回")

    unit = models.ForeignKey("org.Unit", verbose_name=_("报送单位"), on_delete=models.PROTECT,
                             related_name="credit_catalog_submissions")
    round = models.CharField(_("报送轮次"), max_length=32, help_text=_("例如 2016"))
    due_on = models.DateField(_("报送期限"), help_text=_("例如 2016-02-23（罗府办函〔2016〕74号 §二(四)）"))
    submitted_at = models.DateTimeField(_("报送时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    items = models.PositiveIntegerField(_("事项数"), default=0)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    comment = models.TextField(_("区发改局意见"), blank=True, help_text=_("退回时必填，例如 缺少处罚事项"))
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("目录报送")
        verbose_name_plural = _("目录报送")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "round"], name="credit_catalog_sub_unique_unit_round")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.round}"

    @property
    def on_time(self) -> bool:
        return timezone.localdate(self.submitted_at) <= self.due_on


class ConfidentialityReview(models.Model):
    """One 保密审查 of a record (《政府信息公开保密审查审批表》): four checks, decision and reasons."""

    Decision = workflow_rules.Decision

    record = models.ForeignKey(
        Record, verbose_name=_("记录"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审查人"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("审查时间"))
    decision = models.CharField(_("审查结论"), max_length=8, choices=_choices(workflow_rules.DECISION_LABELS))
    state_secret = models.BooleanField(
        workflow_rules.REVIEW_CHECKS["state_secret"], help_text=_("是/否，审查人逐项确认")
    )
    commercial_secret = models.BooleanField(workflow_rules.REVIEW_CHECKS["commercial_secret"])
    personal_privacy = models.BooleanField(workflow_rules.REVIEW_CHECKS["personal_privacy"])
    security_risk = models.BooleanField(workflow_rules.REVIEW_CHECKS["security_risk"])
    reasons = models.TextField(
        _("审查意见"), blank=True, help_text=_("退回时必填，例如 含有当事人住址，请删除后再提交")
    )
    version = models.PositiveIntegerField(_("审查的版本"), help_text=_("审查时记录的版本号，例如 1"))

    class Meta:
        verbose_name = _("保密审查")
        verbose_name_plural = _("保密审查")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["record", "-decided_at"], name="credit_review_record_dec")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="reject") | models.Q(state_secret=False, commercial_secret=False,
                                                                 personal_privacy=False, security_risk=False),
                name="credit_review_approve_only_when_all_checks_clear"),
            models.CheckConstraint(condition=models.Q(decision="approve") | ~models.Q(reasons=""),
                                   name="credit_review_reject_needs_reasons"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.get_decision_display()}"


class Objection(models.Model):
    """An objection (异议) to a published record from anyone; the contact stays private to the unit.

    Filed (待受理) → accepted for handling by the unit
    (已受理; only now does the record show 异议中) → answered.
    """

    #: the rules' enums (`rules.objections`): filed → accepted → answered, and the outcomes
    State = objection_rules.ObjectionState
    Outcome = objection_rules.Outcome
    #: states still waiting for the unit's answer (counted in to-do lists, reminders and the assessment)
    UNANSWERED = objection_rules.UNANSWERED

    record = models.ForeignKey(
        Record, verbose_name=_("记录"), on_delete=models.CASCADE, related_name="objections"
    )
    submitted_at = models.DateTimeField(_("提出时间"))
    name = models.CharField(_("异议人"), max_length=64, help_text=_("例如 李明"))
    contact = models.CharField(_("联系方式（不公开）"), max_length=128,
                               help_text=_("电话或电子邮箱，仅单位工作人员可见，例如 13800000000"))
    content = models.TextField(_("异议内容"), max_length=2000, help_text=_("例如 处罚已于2016年5月撤销"))
    client_hash = models.CharField(_("来源摘要"), max_length=64, blank=True, db_index=True,
                                   help_text=_("提交来源地址的摘要，仅用于限制提交频率"))
    due_on = models.DateField(
        _("答复期限"), null=True, blank=True, help_text=_("提出后第 10 个工作日（可配置）")
    )
    lookup_digest = models.CharField(_("查询码摘要"), max_length=64, blank=True, db_index=True,
                                     help_text=_("提出时告知异议人的查询码的摘要（查询处理结果和评价时凭码证"
                                                 "明），不存明文"))
    state = models.CharField(_("状态"), max_length=16, choices=_choices(objection_rules.STATE_LABELS),
                             default=objection_rules.ObjectionState.OPEN)
    outcome = models.CharField(
        _("处理结果"), max_length=16, choices=_choices(objection_rules.OUTCOME_LABELS), blank=True
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answer = models.TextField(_("答复"), blank=True, help_text=_("例如 经核实，该处罚已撤销，记录已更新"))
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["state", "due_on"], name="credit_objection_state_due"),
                   models.Index(fields=["client_hash", "submitted_at"], name="credit_objection_client")]
        constraints = [models.CheckConstraint(
            condition=models.Q(state__in=["open", "accepted"]) | ~models.Q(outcome=""),
            name="credit_objection_answer_has_outcome")]

    def __str__(self) -> str:
        return f"{self.record_id} {self.name}"

    @property
    def answered_in_time(self) -> bool | None:
        if self.answered_at is None or self.due_on is None:
            return None
        return timezone.localdate(self.answered_at) <= self.due_on


class Campaign(models.Model):
    """A backlog campaign of the plan (存量信息公示): which records, and by when they must be public."""

    name = models.CharField(_("名称"), max_length=128, help_text=_("例如 2011年以来的存量信息"))
    decided_from = models.DateField(_("决定日期自"), null=True, blank=True, help_text=_("例如 2011-01-01"))
    decided_to = models.DateField(_("决定日期至"), null=True, blank=True, help_text=_("例如 2016-02-22"))
    in_force_on = models.DateField(
        _("在该日仍有效"),
        null=True,
        blank=True,
        help_text=_("只计截止期不早于该日的记录（有效期内的信息），例如 2016-02-23"),
    )
    deadline = models.DateField(_("公示期限"), help_text=_("例如 2016-06-30"))
    source = models.CharField(
        _("依据"), max_length=128, blank=True, help_text=_("例如 罗府办函〔2016〕74号 §二(二)")
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("存量公示任务")
        verbose_name_plural = _("存量公示任务")
        ordering = ["sort", "deadline"]
        constraints = [models.UniqueConstraint(fields=["name"], name="credit_campaign_unique_name")]

    def __str__(self) -> str:
        return self.name


class PenaltyDraftSource(models.Model):
    """Where a penalty draft made by another system came from (e.g. a 双随机 finding): one draft per
    (source, source_ref), so that a retry of the other system gets the draft it already made."""

    record = models.OneToOneField(
        Record, verbose_name=_("记录"), on_delete=models.CASCADE, related_name="draft_source"
    )
    source = models.CharField(_("来源系统"), max_length=32, help_text=_("例如 inspections.task"))
    source_ref = models.CharField(_("来源编号"), max_length=30, help_text=_("来源系统中的编号，例如 T42"))
    facts = models.TextField(_("违法事实"), blank=True, max_length=4000)
    found_on = models.DateField(_("发现日期"), help_text=_("检查发现违法事实的日期，例如 2026-06-10"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("处罚草稿来源")
        verbose_name_plural = _("处罚草稿来源")
        constraints = [models.UniqueConstraint(fields=["source", "source_ref"],
                                               name="credit_penalty_draft_unique_source")]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_ref}"


class Contact(models.Model):
    """One of a unit's 双公示 contacts reported to 区发改局 (罗府办函〔2016〕74号
    §二(一): "指定负责人、业务和技术 联络人员，并将名单报送至区发改局"): one person per role, replaced when
    the unit changes it (kept current)."""

    class Role(models.TextChoices):
        LEADER = "leader", _("负责人")
        BUSINESS = "business", _("业务联络人")
        TECHNICAL = "technical", _("技术联络人")

    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT,
                             related_name="credit_contacts")
    role = models.CharField(_("职责"), max_length=16, choices=Role.choices)
    name = models.CharField(_("姓名"), max_length=32, help_text=_("例如 王伟"))
    position = models.CharField(_("职务"), max_length=64, blank=True, help_text=_("例如 副局长、信息科科长"))
    phone = models.CharField(_("办公电话"), max_length=32, blank=True, help_text=_("例如 0755-25666666"))
    mobile = models.CharField(
        _("手机"), max_length=32, blank=True, help_text=_("例如 13800138000（仅区发改局和本单位可见）")
    )
    email = models.EmailField(_("电子邮箱"), max_length=128, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("双公示联络人")
        verbose_name_plural = _("双公示联络人")
        ordering = ["unit__sort", "unit__code", "role"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "role"], name="credit_contact_unique_unit_role")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()} · {self.name}"


class Repair(models.Model):
    """An application for credit repair (信用修复) of a published penalty, from the public site
    or entered by staff, decided by the record's unit (谁认定、谁修复). The applicant's contact is never
    public; the record stays in the archive whatever the decision."""

    State = repair_rules.RepairState
    Channel = repair_rules.Channel

    record = models.ForeignKey(
        Record, verbose_name=_("记录"), on_delete=models.PROTECT, related_name="repairs"
    )
    channel = models.CharField(_("申请渠道"), max_length=8, choices=_choices(repair_rules.CHANNEL_LABELS))
    applicant = models.CharField(
        _("申请人"), max_length=64, help_text=_("当事人或其代理人，例如 深圳市鹏城商贸有限公司")
    )
    contact = models.CharField(_("联系方式（不公开）"), max_length=128,
                               help_text=_("电话或电子邮箱，仅公示单位可见，例如 13800000000"))
    fulfilled = models.TextField(_("履行义务情况"), max_length=2000,
                                 help_text=_("例如 罚款已于2026年6月1日缴纳，违法行为已整改完毕"))
    commitment = models.TextField(_("信用承诺"), help_text=_("申请人作出的信用承诺（全文）"))
    submitted_at = models.DateTimeField(_("申请时间"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    client_hash = models.CharField(_("来源摘要"), max_length=64, blank=True, db_index=True,
                                   help_text=_("提交来源地址的摘要，仅用于限制提交频率"))
    state = models.CharField(_("状态"), max_length=16, choices=_choices(repair_rules.STATE_LABELS),
                             default=repair_rules.RepairState.SUBMITTED)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("审核意见"), blank=True, help_text=_("不予修复时必填，例如 罚款尚未缴纳"))

    class Meta:
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["state", "submitted_at"], name="credit_repair_state")]

    def __str__(self) -> str:
        return f"{self.record_id} {self.applicant}"


class RepairProof(models.Model):
    """A file proving the obligations are fulfilled (缴款凭证、整改材料): a photo
    re-encoded by core.uploads, or a PDF checked by its bytes; stored under a generated name, served only
    through core.uploads.serve to the unit."""

    repair = models.ForeignKey(
        Repair, verbose_name=_("信用修复申请"), on_delete=models.CASCADE, related_name="proofs"
    )
    file = models.FileField(_("文件"), upload_to="credit/repairs/%Y/%m/", max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    original_name = models.CharField(_("原文件名"), max_length=100, help_text=_("只用于显示，从不用于存储"))

    class Meta:
        verbose_name = _("信用修复证明材料")
        verbose_name_plural = _("信用修复证明材料")
        ordering = ["repair", "id"]

    def __str__(self) -> str:
        return self.original_name
