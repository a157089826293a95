"""Storage for the transactional outbox: where to deliver, what to deliver, and every attempt."""

import os

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengwu.outbox import standard


def resolve_secret(value: str) -> str:
    """A configured value, or the environment variable it names when written as "env:NAME"."""
    if value.startswith("env:"):
        return os.environ.get(value[4:], "")
    return value


class Destination(models.Model):
    class Kind(models.TextChoices):
        HTTP_JSON = "http_json", _("HTTP JSON")
        HTTP_XML = "http_xml", _("HTTP XML 报文")
        EXCHANGE_DB = "exchange_db", _("前置库（交换数据库）")

    name = models.CharField(_("名称"), max_length=100, unique=True,
                            help_text=_("例如：市公共信用信息平台"))
    kind = models.CharField(_("连接方式"), max_length=20, choices=Kind.choices, default=Kind.HTTP_JSON)
    url = models.CharField(
        _("地址"), max_length=500,
        help_text=_("HTTP 地址，例如 https://xy.sz.gov.cn/api/push；前置库为数据库 URL，例如 "
                    "postgresql://user:pass@host/qzk；也可写 env:OUTBOX_QZK_URL 从环境变量读取"))
    auth_header = models.CharField(_("认证头"), max_length=100, blank=True, default="Authorization",
                                   help_text=_("例如 Authorization 或 X-Api-Key"))
    auth_token = models.CharField(
        _("认证令牌"), max_length=500, blank=True,
        help_text=_("例如 Bearer abc…；建议写 env:OUTBOX_CITY_TOKEN，从环境变量读取，不入库"))
    headers = models.JSONField(_("附加请求头"), default=dict, blank=True,
                               help_text=_('例如 {"X-Sender": "440303"}'))
    options = models.JSONField(
        _("选项"),
        default=dict,
        blank=True,
        help_text=_(
            'XML：{"sender": "440303", "receiver": "SZXY"}；前置库：{"tables": {"credit.license": "XK_GS"}, '
            '"key_column": "MSG_ID", "timestamp_column": "SJC"}'
        ),
    )
    topics = models.JSONField(_("订阅主题"), default=list, blank=True,
                              help_text=_('空表示全部；例如 ["credit."] 表示所有以 credit. 开头的主题'))
    timeout_seconds = models.FloatField(_("超时（秒）"), default=standard.DEFAULT_TIMEOUT_SECONDS,
                                        help_text=_("例如 10"))
    max_attempts = models.PositiveIntegerField(_("最多尝试次数"), default=standard.DEFAULT_MAX_ATTEMPTS,
                                               help_text=_("例如 10；超过后消息进入死信"))
    retry_base_seconds = models.FloatField(
        _("重试基准间隔（秒）"),
        default=standard.DEFAULT_RETRY_BASE_SECONDS,
        help_text=_("例如 30：第 n 次失败后约等待 30×2^(n-1) 秒"),
    )
    retry_cap_seconds = models.FloatField(_("重试最长间隔（秒）"), default=standard.DEFAULT_RETRY_CAP_SECONDS,
                                          help_text=_("例如 3600"))
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后新消息不再投递到此处"))

    class Meta:
        verbose_name = _("推送目的地")
        verbose_name_plural = _("推送目的地")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="outbox_max_attempts_positive"
            ),
            models.CheckConstraint(condition=models.Q(timeout_seconds__gt=0), name="outbox_timeout_positive"),
        ]

    def __str__(self):
        return self.name

    def resolved_url(self) -> str:
        return resolve_secret(self.url)

    def resolved_token(self) -> str:
        return resolve_secret(self.auth_token)


class Message(models.Model):
    class State(models.TextChoices):
        PENDING = standard.PENDING, _("待投递")
        DELIVERING = standard.DELIVERING, _("投递中")
        DELIVERED = standard.DELIVERED, _("已送达")
        FAILED = standard.FAILED, _("失败待重试")
        DEAD = standard.DEAD, _("死信")

    destination = models.ForeignKey(Destination, on_delete=models.PROTECT, related_name="messages",
                                    verbose_name=_("目的地"))
    topic = models.CharField(_("主题"), max_length=100, help_text=_("例如 credit.license"))
    idempotency_key = models.CharField(_("幂等键"), max_length=200,
                                       help_text=_("例如 credit.license:QFGJ-2016-0001:v2；同一目的地唯一"))
    payload = models.JSONField(_("内容"), help_text=_('例如 {"table": "XK_GS", "records": [{"XK_XH": "…"}]}'))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(
        _("下次投递时间"), help_text=_("待投递/失败：最早的下次尝试；投递中：租约到期时间"))
    last_error = models.TextField(_("最近错误"), blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    source_type = models.CharField(_("来源对象类型"), max_length=100, blank=True,
                                   help_text=_("例如 credit.licenserecord"))
    source_id = models.CharField(_("来源对象标识"), max_length=100, blank=True, help_text=_("例如 42"))
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="outbox_messages", verbose_name=_("单位"))

    class Meta:
        verbose_name = _("推送消息")
        verbose_name_plural = _("推送消息")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["destination", "idempotency_key"],
                                    name="outbox_message_unique_key_per_destination"),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_msg_due"),
            models.Index(fields=["source_type", "source_id"], name="outbox_msg_source"),
            models.Index(fields=["unit", "state"], name="outbox_msg_unit_state"),
            models.Index(fields=["topic", "-created_at"], name="outbox_msg_topic"),
        ]

    def __str__(self):
        return f"{self.topic} {self.idempotency_key} → {self.destination_id}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("outbox:message_detail", args=[self.pk])

    @property
    def can_retry(self) -> bool:
        return self.state in (self.State.FAILED, self.State.DEAD)


class Attempt(models.Model):
    class Outcome(models.TextChoices):
        DELIVERED = standard.OK, _("成功")
        RETRY = standard.RETRY, _("暂时失败")
        PERMANENT = standard.PERMANENT, _("永久失败")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_log",
                                verbose_name=_("消息"))
    number = models.PositiveIntegerField(_("第几次"), help_text=_("例如 3"))
    started_at = models.DateTimeField(_("开始时间"))
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)
    http_status = models.PositiveIntegerField(
        _("HTTP 状态码"), null=True, blank=True, help_text=_("例如 503")
    )
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("投递记录")
        verbose_name_plural = _("投递记录")
        ordering = ["message", "number", "id"]

    def __str__(self):
        return f"{self.message_id}#{self.number} {self.outcome}"


class Schedule(models.Model):
    """One row: when the next self-scheduled delivery run is queued (keeps deferred runs from multiplying)."""

    scheduled_for = models.DateTimeField(_("下次计划运行"), null=True, blank=True,
                                         help_text=_("例如 2026-05-01 10:00:30；为空表示未排期"))

    class Meta:
        verbose_name = _("投递排期")
        verbose_name_plural = _("投递排期")

    def __str__(self):
        return str(self.scheduled_for or "-")
