from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "zhengwu.org"
    label = "org"
    verbose_name = _("组织机构")

    @property
    def system(self):
        from zhengwu.core.systems import System

        return System(key="org", name=_("组织机构"), url_name="org:unit_list", description=_("单位、街道、社区与人员角色"),
                      order=10, tool=True)
