"""Storage of the 大分拨 platform: the taxonomy, the gazetteer, dispatch rules, events and their
dispatches, photos, extensions, reply templates and classifier model versions. (The intake API's
clients are core.ApiKey keys with scope "dispatch.events": services.clients.)"""


from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengwu.core.tokens import new_token
from zhengwu.dispatch.rules import STATE_CHOICES
from zhengwu.dispatch.standard import (
    APPEAL_STATE_LABELS,
    CHANNEL_LABELS,
    ORDER_LEVEL_LABELS,
    ORDER_STATE_LABELS,
    ORDER_TRIGGER_LABELS,
    ORDER_WORKDAYS,
    RATING_LABELS,
    RESOLVED_LABELS,
    RETURN_REASON_LABELS,
    TASK_ROLE_LABELS,
    TIER_LABELS,
    AppealState,
    Channel,
    LimitUnit,
    OrderLevel,
    OrderState,
    Rating,
    State,
    Tier,
)

TIER_CHOICES = [(t.value, TIER_LABELS[t]) for t in Tier]
CHANNEL_CHOICES = [(c.value, CHANNEL_LABELS[c]) for c in Channel]
RATING_CHOICES = [(r.value, RATING_LABELS[r]) for r in Rating]
RETURN_REASON_CHOICES = [(k.value, v) for k, v in RETURN_REASON_LABELS.items()]
TASK_ROLE_CHOICES = [(k.value, v) for k, v in TASK_ROLE_LABELS.items()]
ORDER_LEVEL_CHOICES = [(k.value, v) for k, v in ORDER_LEVEL_LABELS.items()]
ORDER_STATE_CHOICES = [(k.value, v) for k, v in ORDER_STATE_LABELS.items()]
ORDER_TRIGGER_CHOICES = [(k.value, v) for k, v in ORDER_TRIGGER_LABELS.items()]
RESOLVED_CHOICES = [(k.value, v) for k, v in RESOLVED_LABELS.items()]
APPEAL_STATE_CHOICES = [(k.value, v) for k, v in APPEAL_STATE_LABELS.items()]
LIMIT_UNIT_CHOICES = [(LimitUnit.WORKDAYS.value, _("工作日")), (LimitUnit.WORKHOURS.value, _("工作小时"))]


class Category(models.Model):
    """One leaf of the three-level classification standard (统一的事件分类标准, item 32)."""

    level1 = models.CharField(_("一级分类"), max_length=32, help_text=_("例如 城乡建设"))
    level2 = models.CharField(_("二级分类"), max_length=32, help_text=_("例如 城市建设和市政管理"))
    level3 = models.CharField(_("三级分类"), max_length=48, help_text=_("例如 园林绿化环卫"))
    department = models.ForeignKey(
        "org.Unit", verbose_name=_("责任职能部门"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("跨街道时承办的区职能部门，例如 区城管局"))
    default_tier = models.CharField(
        _("默认处置层级"), max_length=16, choices=TIER_CHOICES, default=Tier.STREET
    )
    needs_enforcement = models.BooleanField(_("需要执法"), default=False)
    accept_limit = models.PositiveIntegerField(_("签收时限"), default=4, help_text=_("例如 4"))
    accept_unit = models.CharField(_("签收时限单位"), max_length=16, choices=LIMIT_UNIT_CHOICES,
                                   default=LimitUnit.WORKHOURS)
    resolve_limit = models.PositiveIntegerField(_("办结时限"), default=5, help_text=_("例如 5"))
    resolve_unit = models.CharField(_("办结时限单位"), max_length=16, choices=LIMIT_UNIT_CHOICES,
                                    default=LimitUnit.WORKDAYS)
    keywords = models.CharField(_("识别关键词"), max_length=200, blank=True,
                                help_text=_("以 | 分隔，帮助在一级分类内选定具体类别，例如 路灯|井盖"))
    is_active = models.BooleanField(_("启用"), default=True)
    questions = models.JSONField(
        _("补充问题"),
        default=list,
        blank=True,
        help_text=_(
            '反映该类问题时需回答的补充问题（Open311 属性），例如 [{"code": "pole_no", "description": '
            '"灯杆编号", "datatype": "string", "required": false}]'
        ),
    )

    class Meta:
        verbose_name = _("事件分类")
        verbose_name_plural = _("事件分类")
        ordering = ["level1", "level2", "level3"]
        constraints = [models.UniqueConstraint(fields=["level1", "level2", "level3"],
                                               name="dispatch_category_unique_path")]

    def __str__(self) -> str:
        return f"{self.level1} / {self.level2} / {self.level3}"


class Place(models.Model):
    """A gazetteer entry: a street, community, road or estate of Luohu and where it lies."""

    class Kind(models.TextChoices):
        STREET = "street", _("街道")
        COMMUNITY = "community", _("社区")
        ROAD = "road", _("道路")
        ESTATE = "estate", _("小区/楼宇")

    name = models.CharField(_("地名"), max_length=64, help_text=_("例如 鹿丹村"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    street = models.ForeignKey("org.Unit", verbose_name=_("街道"), on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey("org.Unit", verbose_name=_("社区"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    polygon = models.JSONField(_("边界"), null=True, blank=True,
                               help_text=_("可选，[[经度, 纬度], ...]，例如 [[114.11, 22.54], ...]"))

    class Meta:
        verbose_name = _("地名")
        verbose_name_plural = _("地名库")
        ordering = ["street__sort", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "street"], name="dispatch_place_unique_name")]

    def __str__(self) -> str:
        return self.name


class DispatchRule(models.Model):
    """An administrator-edited auto-dispatch rule (大小微循环, item 34): conditions → tier."""

    priority = models.PositiveIntegerField(_("优先级"), default=100, help_text=_("小者先判断，例如 10"))
    name = models.CharField(_("规则名称"), max_length=100)
    tier = models.CharField(_("处置层级"), max_length=16, choices=TIER_CHOICES)
    keywords = models.CharField(
        _("关键词"), max_length=300, blank=True, help_text=_("以 | 分隔，例如 联合执法|违建")
    )
    level1 = models.CharField(
        _("限一级分类"), max_length=32, blank=True, help_text=_("留空则不限，例如 环境保护")
    )
    crosses_streets = models.BooleanField(_("跨街道"), null=True, blank=True, help_text=_("留空则不限"))
    needs_enforcement = models.BooleanField(_("需要执法"), null=True, blank=True, help_text=_("留空则不限"))
    unit = models.ForeignKey("org.Unit", verbose_name=_("指定承办单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("分拨规则")
        verbose_name_plural = _("分拨规则")
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """One citizen event (社会事件) with one case number, from intake to closing."""

    case_no = models.CharField(
        _("受理编号"), max_length=20, unique=True, help_text=_("例如 LH20261125000123")
    )
    channel = models.CharField(_("来源渠道"), max_length=16, choices=CHANNEL_CHOICES)
    source_system = models.CharField(
        _("来源系统"), max_length=64, blank=True, help_text=_("例如 数字城管系统")
    )
    source_id = models.CharField(
        _("原系统编号"), max_length=64, blank=True, help_text=_("迁移时保留，例如 SZCG-2019-0001")
    )
    idempotency_key = models.CharField(
        _("幂等键"),
        max_length=140,
        blank=True,
        editable=False,
        help_text=_("接口请求的 Idempotency-Key：同一来源系统重复提交同一键只受理一次"),
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"))
    address = models.CharField(_("地址"), max_length=200, blank=True, help_text=_("例如 罗湖区鹿丹村12栋"))
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    reporter_name = models.CharField(_("反映人"), max_length=64, blank=True)
    reporter_phone = models.CharField(
        _("联系电话"), max_length=32, blank=True, help_text=_("个人信息，公开页面只显示掩码")
    )
    callback_requested = models.BooleanField(_("需要回电"), default=False)
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("受理人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    category = models.ForeignKey(
        Category, verbose_name=_("分类"), null=True, blank=True, on_delete=models.PROTECT
    )
    predicted_label = models.CharField(_("自动分类"), max_length=32, blank=True)
    confidence = models.FloatField(_("置信度"), null=True, blank=True)
    model_version = models.CharField(_("模型版本"), max_length=32, blank=True)
    triage_label = models.CharField(_("人工分类"), max_length=32, blank=True,
                                    help_text=_("人工分拨确定的一级分类，作为训练数据"))

    street = models.ForeignKey("org.Unit", verbose_name=_("所属街道"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey("org.Unit", verbose_name=_("所属社区"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    place_matched = models.CharField(_("匹配地名"), max_length=64, blank=True)

    unit = models.ForeignKey("org.Unit", verbose_name=_("承办单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="dispatch_events")
    tier = models.CharField(_("处置层级"), max_length=16, choices=TIER_CHOICES, blank=True)
    dispatch_rule = models.CharField(_("分拨依据"), max_length=200, blank=True)
    dispatch_inputs = models.JSONField(_("分拨输入"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=STATE_CHOICES, default=State.RECEIVED)
    returns_count = models.PositiveIntegerField(_("退回次数"), default=0)
    reopen_count = models.PositiveIntegerField(_("重启次数"), default=0)

    dispatched_at = models.DateTimeField(_("分拨时间"), null=True, blank=True)
    accept_due = models.DateTimeField(_("签收期限"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    resolve_due = models.DateTimeField(_("办结期限"), null=True, blank=True, db_index=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    result = models.TextField(_("处置结果"), blank=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    reply = models.TextField(_("统一回复"), blank=True)
    rating = models.CharField(_("群众评价"), max_length=16, choices=RATING_CHOICES, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    warning = models.CharField(_("时限预警"), max_length=8, blank=True, help_text=_("yellow 黄牌 / red 红牌"))
    supervised = models.BooleanField(_("督办"), default=False)
    supervise_note = models.CharField(_("督办意见"), max_length=500, blank=True)
    # 同一事项，一次办理 (item 32): services.matters
    duplicate_of = models.ForeignKey("self", verbose_name=_("并入主案"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="duplicates")
    merged_at = models.DateTimeField(_("合并时间"), null=True, blank=True)
    merged_automatically = models.BooleanField(_("自动合并"), default=False)
    merge_score = models.FloatField(_("合并相似度"), null=True, blank=True)
    public_support = models.BooleanField(_("公开征集附议"), default=False,
                                         help_text=_("群众可对该事项附议（+1），不必重复反映"))

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["state", "received_at"], name="dispatch_event_state_recv"),
            models.Index(fields=["unit", "state", "resolve_due"], name="dispatch_event_unit_todo"),
            models.Index(fields=["channel", "source_id"], name="dispatch_event_source"),
            # the same-matter check's candidate pool (selectors.matters.candidate_pool): the newest master
            # cases, read backwards in order — without it SQLite sorted every master case (1.2 s at 1M events)
            models.Index(fields=["-received_at", "-id"], condition=models.Q(duplicate_of__isnull=True),
                         name="dispatch_event_masters_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(confidence__isnull=True) | models.Q(
                confidence__gte=0, confidence__lte=1), name="dispatch_event_confidence_0_1"),
            # one case per event of a source system, however often or concurrently it is sent
            models.UniqueConstraint(fields=["source_system", "source_id"], condition=~models.Q(source_id=""),
                                    name="dispatch_event_unique_source_id"),
            models.UniqueConstraint(fields=["source_system", "idempotency_key"],
                                    condition=~models.Q(idempotency_key=""),
                                    name="dispatch_event_unique_idempotency_key"),
        ]

    #: Set by services.event_intake: True when an earlier request stored this event (nothing new was stored).
    replayed = False

    def __str__(self) -> str:
        return f"{self.case_no} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("dispatch:case", args=[self.case_no])

    @property
    def label(self) -> str:
        return self.triage_label or (self.category.level1 if self.category_id else self.predicted_label)


class Assignment(models.Model):
    """One dispatch of an event to a unit (the history: re-dispatches after returns are kept)."""

    event = models.ForeignKey(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    tier = models.CharField(_("处置层级"), max_length=16, choices=TIER_CHOICES)
    rule = models.CharField(_("分拨依据"), max_length=200)
    inputs = models.JSONField(_("分拨输入"), default=dict)
    automatic = models.BooleanField(_("自动分拨"), default=True)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分拨人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dispatched_at = models.DateTimeField(_("分拨时间"))
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_reason = models.CharField(_("退回理由"), max_length=500, blank=True)
    return_code = models.CharField(
        _("退回理由代码"),
        max_length=32,
        choices=RETURN_REASON_CHOICES,
        blank=True,
        help_text=_("单位之间的退回须选择代码，例如 非本单位职责"),
    )

    class Meta:
        verbose_name = _("分拨记录")
        verbose_name_plural = _("分拨记录")
        ordering = ["dispatched_at", "id"]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.unit_id}"


class Photo(models.Model):
    """A photo of the event (from the citizen) or of the result (from the handling unit)."""

    class Kind(models.TextChoices):
        REPORT = "report", _("反映照片")
        RESULT = "result", _("处置照片")

    event = models.ForeignKey(Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    # stored re-encoded under a generated name (core.uploads.clean_image), never as the client sent it
    image = models.FileField(_("照片"), upload_to="dispatch/photos/%Y/%m/")
    content_type = models.CharField(
        _("格式"),
        max_length=32,
        blank=True,
        help_text=_("重新编码后的格式，例如 image/jpeg；为空表示尚未重新编码的旧照片"),
    )
    width = models.PositiveIntegerField(_("宽度（像素）"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高度（像素）"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("照片")
        verbose_name_plural = _("照片")

    def __str__(self) -> str:
        return f"{self.event_id} {self.kind}"

    @property
    def download_name(self) -> str:
        """The name a browser saves it under: the case and the photo, the stored format's extension."""
        extension = self.image.name.rsplit(".", 1)[-1] if self.content_type else "bin"
        return f"{self.event.case_no}-{self.pk}.{extension}"


class Extension(models.Model):
    """A request to extend the resolution deadline (延期), approved or refused by a dispatcher."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不批准")

    event = models.ForeignKey(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveIntegerField(_("延期工作日"), help_text=_("例如 3"))
    reason = models.CharField(_("理由"), max_length=500)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self) -> str:
        return f"{self.event_id} +{self.days}"


class ReplyTemplate(models.Model):
    """A reply template per first-level class (统一回复, item 32); {title} {result} {unit} are filled in."""

    level1 = models.CharField(_("一级分类"), max_length=32, blank=True, help_text=_("留空为通用模板"))
    name = models.CharField(_("名称"), max_length=64)
    body = models.TextField(_("模板"), help_text=_("例如 您反映的“{title}”已由{unit}处理：{result}"))

    class Meta:
        verbose_name = _("回复模板")
        verbose_name_plural = _("回复模板")
        ordering = ["level1", "name"]

    def __str__(self) -> str:
        return self.name


def _new_token() -> str:
    """Kept for migration 0001 (API clients' tokens were stored in clear until 0002; the clients became
    core.ApiKey keys in 0006)."""
    return new_token()


class ClassifierModel(models.Model):
    """A trained, versioned classifier (stored through the default storage)."""

    version = models.CharField(_("版本"), max_length=32, unique=True, help_text=_("例如 v3-20261125"))
    file = models.CharField(_("文件"), max_length=200)
    rows = models.PositiveIntegerField(_("训练样本数"))
    macro_f1 = models.FloatField(_("交叉验证 macro-F1"), null=True, blank=True)
    created_at = models.DateTimeField(_("训练时间"), auto_now_add=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("分类模型")
        verbose_name_plural = _("分类模型")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.version


class Escalation(models.Model):
    """逐级处置 (item 34): a handling unit passed the case one tier up, with its reason; the deadline
    before and after (the new unit's time limit starts again on the working-day calendar)."""

    event = models.ForeignKey(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="escalations"
    )
    from_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("上报单位"), on_delete=models.PROTECT, related_name="+"
    )
    from_tier = models.CharField(_("原处置层级"), max_length=16, choices=TIER_CHOICES)
    to_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("接收单位"), on_delete=models.PROTECT, related_name="+"
    )
    to_tier = models.CharField(_("新处置层级"), max_length=16, choices=TIER_CHOICES)
    reason = models.CharField(_("上报理由"), max_length=500)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("上报时间"), db_index=True)
    previous_resolve_due = models.DateTimeField(_("原办结期限"), null=True, blank=True)
    resolve_due = models.DateTimeField(_("新办结期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("逐级上报")
        verbose_name_plural = _("逐级上报")
        ordering = ["-escalated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.from_unit_id} → {self.to_unit_id}"


class Callback(models.Model):
    """回访: the call-back of a case marked for one (需要回电), as done by the dispatching body."""

    event = models.OneToOneField(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="callback"
    )
    due_on = models.DateField(_("回访期限"), null=True, blank=True)
    done_at = models.DateTimeField(_("回访时间"))
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("回访人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    reached = models.BooleanField(_("已联系上"), default=True)
    note = models.CharField(_("回访记录"), max_length=500)
    # two separate answers (issue 15 §4): resolved or not, and satisfaction
    resolved = models.CharField(_("是否解决"), max_length=16, choices=RESOLVED_CHOICES, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=16, choices=RATING_CHOICES, blank=True)
    follow_up = models.CharField(
        _("不满意处理"), max_length=16, blank=True, help_text=_("reopen 重办 / supervise 督办")
    )

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")

    def __str__(self) -> str:
        return f"{self.event_id} {self.done_at:%Y-%m-%d}"


class SyncCursor(models.Model):
    """数据自动迁移 (item 31): how far an ongoing sync from a system that keeps its own (a connector) has
    read; the next run starts after it, and a row read twice changes nothing."""

    source_system = models.CharField(
        _("来源系统"), max_length=64, unique=True, help_text=_("例如 数字城管系统")
    )
    cursor = models.CharField(_("游标"), max_length=200, blank=True, help_text=_("例如 2026-11-25T09:30:00"))
    synced_at = models.DateTimeField(_("最近同步"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("累计读取行数"), default=0)

    class Meta:
        verbose_name = _("同步游标")
        verbose_name_plural = _("同步游标")

    def __str__(self) -> str:
        return f"{self.source_system} @ {self.cursor}"


class MatterSupport(models.Model):
    """A citizen's support (+1, 附议) for a public case instead of filing it again; one per client."""

    event = models.ForeignKey(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="supports"
    )
    client = models.CharField(_("附议来源"), max_length=64, help_text=_("来源的摘要，不保存地址"))
    created_at = models.DateTimeField(_("附议时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("群众附议")
        verbose_name_plural = _("群众附议")
        constraints = [models.UniqueConstraint(fields=["event", "client"], name="dispatch_support_once")]

    def __str__(self) -> str:
        return f"{self.event_id} +1"


class MatterProfile(models.Model):
    """The same-matter check's text profile of one event (rules.matters.profile: character-gram and word
    TF-IDF vectors, place words), stored at intake so that the check scores its candidates without
    tokenising them again. Derived data, not a governed record: `key` is a digest of what the profile was
    made of (title, the text's beginning, address, the vocabulary); a row whose key no longer matches is
    ignored and made again (rules.matters.profile_key)."""

    event = models.OneToOneField(Event, verbose_name=_("事件"), on_delete=models.CASCADE, primary_key=True,
                                 related_name="matter_profile")
    key = models.CharField(_("摘要"), max_length=40)
    data = models.TextField(_("文本画像"), help_text=_("JSON：字符与词的 TF-IDF 向量、地点词"))

    class Meta:
        verbose_name = _("同一事项文本画像")
        verbose_name_plural = _("同一事项文本画像")

    def __str__(self) -> str:
        return f"{self.event_id} {self.key}"


class UnitMonthFigures(models.Model):
    """大督查 figures (item 36), pre-aggregated: one unit's counts of one month (rules.figures.COUNT_FIELDS),
    refilled by the periodic job `dispatch.figures` (services.figures.figures_refresh) so the page answers at
    once; the rates, the composite score and the ranking are computed from these counts when read."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("承办单位"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("月份"), help_text=_("该月第一天，例如 2026-03-01"))
    received = models.PositiveIntegerField(_("受理量"), default=0)
    accept_judged = models.PositiveIntegerField(_("应签收"), default=0)
    accepted_on_time = models.PositiveIntegerField(_("按时签收"), default=0)
    assigned = models.PositiveIntegerField(_("分拨次数"), default=0)
    returned = models.PositiveIntegerField(_("退回"), default=0)
    extended = models.PositiveIntegerField(_("延期"), default=0)
    resolved = models.PositiveIntegerField(_("办结"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("按时办结"), default=0)
    open_overdue = models.PositiveIntegerField(_("超期未办结"), default=0)
    first_time = models.PositiveIntegerField(_("一次办结"), default=0)
    reopened = models.PositiveIntegerField(_("重办"), default=0)
    callback_answered = models.PositiveIntegerField(_("回访（是否解决）"), default=0)
    callback_resolved = models.PositiveIntegerField(_("回访已解决"), default=0)
    rated = models.PositiveIntegerField(_("评价数"), default=0)
    satisfied = models.PositiveIntegerField(_("满意和基本满意"), default=0)
    orders_issued = models.PositiveIntegerField(_("督办单"), default=0)
    orders_replied_in_time = models.PositiveIntegerField(_("督办按时回复"), default=0)
    orders_overdue = models.PositiveIntegerField(_("督办超期"), default=0)
    computed_at = models.DateTimeField(_("统计时间"))

    class Meta:
        verbose_name = _("单位月度指标")
        verbose_name_plural = _("单位月度指标")
        ordering = ["-month", "unit__sort", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="dispatch_unit_month_once")]
        indexes = [models.Index(fields=["month"], name="dispatch_figures_month")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class StreetMonthProblem(models.Model):
    """每月一题 (主动治理, item 36), pre-aggregated: a street's events of one
    month per problem (the category's second and third level, or the first-level label when there is no
    category), filled with UnitMonthFigures."""

    street = models.ForeignKey("org.Unit", verbose_name=_("街道"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("月份"))
    problem = models.CharField(_("问题"), max_length=120)
    events = models.PositiveIntegerField(_("事件数"))

    class Meta:
        verbose_name = _("街道月度问题")
        verbose_name_plural = _("街道月度问题")
        constraints = [models.UniqueConstraint(fields=["street", "month", "problem"],
                                               name="dispatch_street_month_problem_once")]
        indexes = [models.Index(fields=["month"], name="dispatch_problems_month")]

    def __str__(self) -> str:
        return f"{self.street_id} {self.month:%Y-%m} {self.problem}"


class Open311Request(models.Model):
    """What an Open311 client posted beside the event it became: the service it chose, its answers to the
    service's questions, its token (GeoReport v2 `tokens/{token}`). No personal data is kept here."""

    event = models.OneToOneField(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="open311"
    )
    token = models.CharField(_("令牌"), max_length=40, unique=True)
    service_code = models.CharField(_("服务代码"), max_length=32)
    attributes = models.JSONField(_("补充问题答复"), default=dict, blank=True)
    address_id = models.CharField(_("地址编号"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 请求")
        verbose_name_plural = _("Open311 请求")

    def __str__(self) -> str:
        return self.token


class PushUpdate(models.Model):
    """An update that a unit's own system sent back about a case pushed to it (item 31): kept once per
    (system, update id), and entered in the case's trail."""

    event = models.ForeignKey(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="push_updates"
    )
    system = models.CharField(_("单位系统"), max_length=64)
    update_id = models.CharField(_("回传编号"), max_length=64)
    status = models.CharField(_("回传状态"), max_length=16)
    note = models.CharField(_("回传说明"), max_length=500, blank=True)
    external_id = models.CharField(_("对方编号"), max_length=64, blank=True)
    occurred_at = models.DateTimeField(_("发生时间"))
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("单位系统回传")
        verbose_name_plural = _("单位系统回传")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["system", "update_id"], name="dispatch_push_update_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.status}"


class HotspotDaily(models.Model):
    """大数据 (item 35): the pre-aggregated daily counts the hotspot page reads — per day, first-level class
    and street: reports (merged ones included: each is someone who asked), their public support (附议) and
    their severity points (rules.hotspots). Filled by services.hotspots.hotspots_refresh (periodic job)."""

    day = models.DateField(_("日期"))
    label = models.CharField(_("一级分类"), max_length=32)
    street = models.ForeignKey(
        "org.Unit", verbose_name=_("街道"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    events = models.PositiveIntegerField(_("事件数"), default=0)
    supports = models.PositiveIntegerField(_("附议数"), default=0)
    severity = models.PositiveIntegerField(_("严重程度分"), default=0)

    class Meta:
        verbose_name = _("热点日统计")
        verbose_name_plural = _("热点日统计")
        indexes = [models.Index(fields=["day"], name="dispatch_hotspot_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.label} {self.events}"


class HotspotAddressDaily(models.Model):
    """The reports per day and address (the repeat addresses list reads it; same refresh)."""

    day = models.DateField(_("日期"))
    address = models.CharField(_("地址"), max_length=200)
    street = models.ForeignKey(
        "org.Unit", verbose_name=_("街道"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    events = models.PositiveIntegerField(_("事件数"), default=0)

    class Meta:
        verbose_name = _("地址日统计")
        verbose_name_plural = _("地址日统计")
        indexes = [models.Index(fields=["day", "address"], name="dispatch_hotspot_addr_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.address} {self.events}"


class ProactiveTask(models.Model):
    """主动治理: a hotspot (a class in a street over a period) turned into a task for a unit, with the
    cases it came from; it may also have become a 民生微实事 suggestion (the link is kept here)."""

    class State(models.TextChoices):
        OPEN = "open", _("办理中")
        DONE = "done", _("已完成")

    label = models.CharField(_("一级分类"), max_length=32)
    street = models.ForeignKey(
        "org.Unit", verbose_name=_("街道"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("统计起日"))
    period_end = models.DateField(_("统计止日"))
    title = models.CharField(_("任务名称"), max_length=200, help_text=_("例如 东晓街道噪音扰民专项治理"))
    demand = models.TextField(_("治理要求"), blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("完成期限"), null=True, blank=True)
    figures = models.JSONField(_("热点数据"), default=dict, blank=True,
                               help_text=_("生成任务时的事件数、环比、附议、严重程度与热度指数"))
    case_nos = models.JSONField(_("相关事件"), default=list, blank=True)
    state = models.CharField(_("状态"), max_length=8, choices=State.choices, default=State.OPEN)
    result = models.TextField(_("治理结果"), blank=True)
    suggestion_ref = models.CharField(_("民生微实事建议"), max_length=64, blank=True,
                                      help_text=_("由本热点生成的民生微实事建议编号"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("主动治理任务")
        verbose_name_plural = _("主动治理任务")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class SubTask(models.Model):
    """大联动 (item 33): one unit's part of a co-handled case — the lead unit (主办) or an assisting unit
    (协办) — with its own deadline on the working-day calendar and its feedback."""

    event = models.ForeignKey(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="subtasks"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=8, choices=TASK_ROLE_CHOICES)
    task = models.CharField(_("任务"), max_length=500, help_text=_("例如 负责清理占道堆放物"))
    due_on = models.DateField(_("反馈期限"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("分派时间"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("分派人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    feedback = models.TextField(_("反馈"), blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    feedback_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("反馈人"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    waived_reason = models.CharField(_("主办单位强制办结理由"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("联动子任务")
        verbose_name_plural = _("联动子任务")
        ordering = ["event", "-role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "unit"], name="dispatch_subtask_one_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.role} {self.unit_id}"

    @property
    def done(self) -> bool:
        return self.feedback_at is not None or bool(self.waived_reason)


class Ruling(models.Model):
    """裁定: the second return of a case between units sends it to the 分拨中心, which names the unit that
    must handle it, by a deadline; that unit is bound (it can no longer return the case)."""

    event = models.ForeignKey(Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="rulings")
    requested_at = models.DateTimeField(_("提请时间"))
    due_on = models.DateField(_("裁定期限"), null=True, blank=True)
    units = models.JSONField(_("相互退回的单位"), default=list, help_text=_("单位代码"))
    unit = models.ForeignKey("org.Unit", verbose_name=_("裁定承办单位"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("裁定理由"), max_length=500, blank=True)
    ruled_at = models.DateTimeField(_("裁定时间"), null=True, blank=True)
    ruled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("裁定人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("分拨裁定")
        verbose_name_plural = _("分拨裁定")
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event"], condition=models.Q(ruled_at__isnull=True),
                                               name="dispatch_ruling_one_pending")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.unit_id or '?'}"


class SupervisionRule(models.Model):
    """An administrator-edited rule that raises 督办单 (item
    36); run by the periodic job dispatch.supervision."""

    name = models.CharField(_("规则名称"), max_length=100)
    trigger = models.CharField(_("触发条件"), max_length=16, choices=ORDER_TRIGGER_CHOICES)
    level = models.CharField(
        _("督办级别"), max_length=8, choices=ORDER_LEVEL_CHOICES, default=OrderLevel.GENERAL.value
    )
    n = models.PositiveIntegerField(_("N"), default=1, help_text=_("超期工作日数，或重复次数，例如 3"))
    m_days = models.PositiveIntegerField(_("M（天）"), default=30, help_text=_("重复反映的统计天数，例如 30"))
    keywords = models.CharField(
        _("敏感标签"), max_length=300, blank=True, help_text=_("以 | 分隔，例如 群体性|媒体曝光")
    )
    demand = models.CharField(_("督办要求"), max_length=500, help_text=_("例如 请于期限内办结并书面答复"))
    reply_workdays = models.PositiveIntegerField(_("答复期限（工作日）"), default=ORDER_WORKDAYS)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("督办规则")
        verbose_name_plural = _("督办规则")
        ordering = ["trigger", "id"]

    def __str__(self) -> str:
        return self.name


class SupervisionOrder(models.Model):
    """督办单 (item 36): level, demand, deadline, the unit's
    replies, sign-off — by hand or by a rule (once)."""

    order_no = models.CharField(
        _("督办单号"), max_length=24, unique=True, help_text=_("例如 DB2026120500001")
    )
    event = models.ForeignKey(Event, verbose_name=_("事件"), on_delete=models.PROTECT, related_name="orders")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("被督办单位"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("督办级别"), max_length=8, choices=ORDER_LEVEL_CHOICES)
    demand = models.CharField(_("督办要求"), max_length=500)
    due_on = models.DateField(_("答复期限"))
    state = models.CharField(
        _("状态"), max_length=16, choices=ORDER_STATE_CHOICES, default=OrderState.OPEN.value
    )
    rule = models.ForeignKey(SupervisionRule, verbose_name=_("触发规则"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="orders")
    source = models.CharField(
        _("来源"), max_length=32, help_text=_("manual 人工 / 规则触发条件 / callback 回访")
    )
    issued_at = models.DateTimeField(_("下发时间"), db_index=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("下发人"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    first_reply_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sign_off_note = models.CharField(_("销号意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "event"],
                condition=models.Q(rule__isnull=False),
                name="dispatch_order_once_per_rule_and_event",
            )
        ]

    def __str__(self) -> str:
        return self.order_no

    def get_absolute_url(self) -> str:
        return reverse("dispatch:order", args=[self.order_no])


class OrderReply(models.Model):
    """The supervised unit's reply to a 督办单 (several are possible before sign-off)."""

    order = models.ForeignKey(SupervisionOrder, verbose_name=_("督办单"), on_delete=models.CASCADE,
                              related_name="replies")
    text = models.TextField(_("答复内容"))
    replied_at = models.DateTimeField(_("答复时间"))
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("督办答复")
        verbose_name_plural = _("督办答复")
        ordering = ["replied_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.replied_at:%Y-%m-%d}"


class Appeal(models.Model):
    """申诉: the handling unit contests an unreasonable rating with evidence; a supervisor decides.
    An upheld appeal takes the rating out of the unit's figures."""

    event = models.ForeignKey(Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="appeals")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("申诉单位"), on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(_("被申诉的评价"), max_length=16, choices=RATING_CHOICES)
    reason = models.TextField(_("申诉理由"))
    state = models.CharField(
        _("状态"), max_length=16, choices=APPEAL_STATE_CHOICES, default=AppealState.PENDING.value
    )
    filed_at = models.DateTimeField(_("申诉时间"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申诉人"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("裁决时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("裁决人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.CharField(_("裁决意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("评价申诉")
        verbose_name_plural = _("评价申诉")
        ordering = ["-filed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="dispatch_appeal_once")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.state}"


class AppealEvidence(models.Model):
    """A file sent with an appeal: a photo re-encoded, or a
    PDF checked (core.uploads), under a generated name."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("申诉"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to="dispatch/appeals/%Y/%m/")
    content_type = models.CharField(_("格式"), max_length=64)
    original_name = models.CharField(_("原文件名"), max_length=100, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申诉证据")
        verbose_name_plural = _("申诉证据")

    def __str__(self) -> str:
        return self.original_name or self.file.name
