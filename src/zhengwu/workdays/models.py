"""Administrator-edited adjustments to the official calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Override(models.Model):
    date = models.DateField(_("日期"), unique=True, help_text=_("例如 2027-10-01"))
    is_workday = models.BooleanField(
        _("是否工作日"), help_text=_("勾选 = 上班（调休补班）；不勾选 = 放假（法定节假日或本地调整）")
    )
    name = models.CharField(_("名称"), max_length=64, blank=True, help_text=_("例如 国庆节、国庆节调休"))
    note = models.CharField(
        _("备注"), max_length=200, blank=True, help_text=_("依据，例如 国办发明电〔2026〕X号")
    )

    class Meta:
        verbose_name = _("日期调整")
        verbose_name_plural = _("日期调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.name}"
