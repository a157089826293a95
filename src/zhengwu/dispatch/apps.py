from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class DispatchConfig(AppConfig):
    name = "zhengwu.dispatch"
    label = "dispatch"
    verbose_name = _("大分拨")

    def ready(self):
        from zhengwu.dispatch import checks  # noqa: F401 — registers the system checks

    @property
    def system(self):
        from zhengwu.core.systems import System

        return System(key="dispatch", name=_("大分拨"), url_name="dispatch:index",
                      description=_("社会事件统一受理、自动分类、分级分拨与全流程处置"), order=20, visible=_staff)
