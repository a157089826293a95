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

    # What other systems (and the shell) may call: the public site's search box (core.public.search).
    provides = {
        "public_search": "zhengwu.dispatch.selectors.site_search",
    }

    def ready(self):
        from zhengwu.dispatch import checks  # noqa: F401 — registers the system checks

    @property
    def system(self):
        from zhengwu.core.systems import PublicPage, System

        return System(key="dispatch", name=_("大分拨"), url_name="dispatch:index",
                      description=_("社会事件统一受理、自动分类、分级分拨与全流程处置"), order=20, visible=_staff,
                      public_name=_("群众诉求"),
                      public_pages=(
                          PublicPage("dispatch:report", _("我要反映"),
                                     _("反映身边的市容环境、公共设施、噪音等问题，提交后获得受理编号"), order=20),
                          PublicPage("dispatch:lookup", _("进度查询"),
                                     _("凭受理编号和联系电话查询办理进度，并对办理结果评价（好差评）"), order=30),
                      ))
