"""The append-only, hash-chained audit ledger shared by every system."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    seq = models.BigIntegerField(_("序号"), unique=True, help_text=_("从 1 开始连续编号"))
    created_at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_constraint=False,
    )
    actor_label = models.CharField(
        _("操作人名称"), max_length=150, help_text=_("用户名；系统任务为 system，公众为 public")
    )
    action = models.CharField(_("动作"), max_length=64, help_text=_("例如 credit.record.published"))
    object_type = models.CharField(_("对象类型"), max_length=64, help_text=_("例如 credit.licencerecord"))
    object_id = models.CharField(_("对象标识"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_constraint=False,
    )
    before = models.JSONField(_("变更前内容"), null=True, blank=True)
    after = models.JSONField(_("变更后内容"), null=True, blank=True)
    before_digest = models.CharField(_("变更前摘要"), max_length=64, blank=True)
    after_digest = models.CharField(_("变更后摘要"), max_length=64, blank=True)
    note = models.TextField(_("说明"), blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("本条哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计日志条目")
        verbose_name_plural = _("审计日志")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="ledger_entry_object"),
            models.Index(fields=["unit", "-seq"], name="ledger_entry_unit_seq"),
            models.Index(fields=["action", "-seq"], name="ledger_entry_action_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class Head(models.Model):
    """One row holding the last entry's number and hash; locking it serialises appends."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("日志链头")
        verbose_name_plural = _("日志链头")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
