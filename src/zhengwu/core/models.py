"""The platform's own state: when each periodic job (core.periodic) last ran and runs next."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One row per declared periodic job. `next_run_at` is the claim: a worker that moves it forward
    with a conditional UPDATE (WHERE next_run_at = the value it read) is the only one that enqueues
    this slot's run."""

    name = models.CharField(_("任务"), max_length=100, unique=True)
    cron = models.CharField(_("计划"), max_length=100)
    next_run_at = models.DateTimeField(_("下次运行"))
    last_run_at = models.DateTimeField(_("上次运行"), null=True, blank=True)
    last_task_id = models.CharField(_("上次任务编号"), max_length=64, blank=True)
    last_note = models.CharField(_("上次说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(models.Model):
    """A machine client's key (`Authorization: Bearer <key>`): one kind for every system's API.

    Only the key's SHA-256 is stored; the key itself is shown once, when issued (`services.api_key_issue`).
    `scope` names what the key may call (e.g. "credit.import", "dispatch.events", "open311"); a unit's
    key acts for that unit (and its user, when one is named); a channel key (WeChat, a mini-program)
    names its intake channel instead."""

    name = models.CharField(_("名称"), max_length=64, help_text=_("例如 审批系统对接"))
    scope = models.CharField(_("用途"), max_length=32, db_index=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("单位"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代表用户"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
    )
    channel = models.CharField(_("渠道"), max_length=16, blank=True)
    prefix = models.CharField(
        _("前缀"), max_length=8, editable=False, help_text=_("密钥的前 8 个字符，用于辨认")
    )
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口密钥")
        verbose_name_plural = _("接口密钥")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ThrottleHit(models.Model):
    """One counted action of a public form (core.throttle): what, whose (a keyed digest), when."""

    scope = models.CharField(_("计数项"), max_length=64)
    key = models.CharField(_("来源摘要"), max_length=64, help_text=_("来源地址或受理编号的摘要，不可还原"))
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("提交计数")
        verbose_name_plural = _("提交计数")
        indexes = [models.Index(fields=["scope", "key", "at"], name="core_throttlehit_count")]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M:%S}"


class ThrottleAlert(models.Model):
    """A limit of a public form was reached and requests were refused: shown to the staff who watch it."""

    scope = models.CharField(_("计数项"), max_length=64)
    key = models.CharField(_("来源摘要"), max_length=64)
    label = models.CharField(_("说明"), max_length=64, blank=True)
    limit = models.PositiveIntegerField(_("限额"))
    seconds = models.PositiveIntegerField(_("时间窗（秒）"))
    first_at = models.DateTimeField(_("首次拒绝"))
    last_at = models.DateTimeField(_("最近拒绝"))
    refused = models.PositiveIntegerField(_("拒绝次数"), default=1)

    class Meta:
        verbose_name = _("异常提交预警")
        verbose_name_plural = _("异常提交预警")
        ordering = ["-last_at"]
        indexes = [models.Index(fields=["scope", "key", "last_at"], name="core_throttlealert_recent")]

    def __str__(self) -> str:
        return f"{self.scope} {self.label}"

    @property
    def minutes(self) -> int:
        return max(1, self.seconds // 60)


class SpentProof(models.Model):
    """A proof-of-work challenge already used (core.pow): each is accepted once."""

    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("失效时间"), db_index=True)

    class Meta:
        verbose_name = _("已用验证")
        verbose_name_plural = _("已用验证")

    def __str__(self) -> str:
        return self.digest[:12]


class ServiceRating(models.Model):
    """A resident's 好差评 of one public service outcome (core.ratings): one per case of a system.

    Written only by `core.ratings.services` (the resident rates and follows up; the unit reports its
    rectification); the level, tags and comment are never changed after they are given."""

    system = models.CharField(_("系统"), max_length=32, help_text=_("评价所属系统，例如 dispatch"))
    subject = models.CharField(_("办件"), max_length=64, help_text=_("系统内的办件编号，例如受理编号"))
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("承办单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_ratings",
    )
    level = models.PositiveSmallIntegerField(_("评价等级"))
    tags = models.JSONField(_("评价标签"), default=list, blank=True)
    comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("评价时间"))
    state = models.CharField(_("状态"), max_length=16)
    rectify_due = models.DateField(_("整改期限"), null=True, blank=True)
    rectification = models.CharField(_("整改情况"), max_length=1000, blank=True)
    rectified_at = models.DateTimeField(_("整改时间"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整改经办人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    follow_up_level = models.PositiveSmallIntegerField(_("回访评价等级"), null=True, blank=True)
    follow_up_tags = models.JSONField(_("回访评价标签"), default=list, blank=True)
    follow_up_comment = models.CharField(_("回访评价意见"), max_length=500, blank=True)
    followed_up_at = models.DateTimeField(_("回访评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        constraints = [
            models.UniqueConstraint(fields=["system", "subject"], name="core_servicerating_one_per_case"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="core_servicerating_level"
            ),
        ]
        indexes = [models.Index(fields=["unit", "state", "rectify_due"], name="core_servicerating_unit_due")]

    def __str__(self) -> str:
        return f"{self.system}:{self.subject} {self.level}"
