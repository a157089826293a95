from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "zhengwu.workdays"
    label = "workdays"
    verbose_name = _("工作日历")

    def ready(self):
        from zhengwu.workdays import checks  # noqa: F401  (registers system checks)

    @property
    def system(self):
        from zhengwu.core.systems import System

        return System(key="workdays", name=_("工作日历"), url_name="workdays:year",
                      description=_("法定节假日、调休与工作日计算"), order=20, tool=True)
