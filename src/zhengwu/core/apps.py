from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhengwu.core"
    label = "core"
    verbose_name = _("平台")

    def ready(self):
        from zhengwu.core import checks  # noqa: F401 — registers the system checks
