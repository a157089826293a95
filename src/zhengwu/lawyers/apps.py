from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawyersConfig(AppConfig):
    name = "zhengwu.lawyers"
    label = "lawyers"
    verbose_name = _("律师驻队")
