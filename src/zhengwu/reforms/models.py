"""Storage for 改革督查 only: fields, states, constraints. Behaviour lives in rules and services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengwu.reforms.standard import STATE_NAMES, State

STATE_CHOICES = [(s.value, STATE_NAMES[s]) for s in State]


class Item(models.Model):
    unit = models.ForeignKey("org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    state = models.CharField(_("状态"), max_length=16, choices=STATE_CHOICES, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
