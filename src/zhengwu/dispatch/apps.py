from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "zhengwu.dispatch"
    label = "dispatch"
    verbose_name = _("大分拨")
