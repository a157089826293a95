"""The platform's own state: when each periodic job (core.periodic) last ran and runs next."""

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
