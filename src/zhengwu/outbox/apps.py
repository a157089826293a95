from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "zhengwu.outbox"
    label = "outbox"
    verbose_name = _("数据推送")
