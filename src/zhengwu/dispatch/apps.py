from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.periodic import Periodic


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class DispatchConfig(AppConfig):
    name = "zhengwu.dispatch"
    label = "dispatch"
    verbose_name = _("大分拨")
    periodic = (
        Periodic("dispatch.warnings", "zhengwu.dispatch.tasks.scan_warnings", "*/15 * * * *",
                 "yellow/red warnings of cases near or past their time limits"),
        Periodic("dispatch.route", "zhengwu.dispatch.tasks.dispatch_received", "*/10 * * * *",
                 "safety sweep: route events still received (intake also enqueues this at once)"),
    )

    def ready(self):
        from zhengwu.dispatch import checks  # noqa: F401 — registers the system checks

    @property
    def system(self):
        from zhengwu.core.systems import System

        return System(key="dispatch", name=_("大分拨"), url_name="dispatch:index",
                      description=_("社会事件统一受理、自动分类、分级分拨与全流程处置"), order=20, visible=_staff)
