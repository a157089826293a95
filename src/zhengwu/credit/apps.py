from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic


def _visible(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class CreditConfig(AppConfig):
    name = "zhengwu.credit"
    label = "credit"
    verbose_name = _("双公示")
    periodic = (
        Periodic("credit.remind", "zhengwu.credit.tasks.remind_all", "0 8 * * *",
                 "remind units of records due soon or overdue", workdays_only=True),
        Periodic("credit.imports", "zhengwu.credit.tasks.recover_imports", "* * * * *",
                 "close imports whose worker died: finished if every row is stored, else failed"),
    )
    settings = (
        Setting("CREDIT_NATIONAL_ORG", {}, "the organisation's entries of the national 双公示 format, never typed per "
                "record: {\"source_unit\": 数据来源单位, \"source_unit_code\": its 统一社会信用代码, "
                "\"authority_codes\": {许可/处罚机关 full name: its 统一社会信用代码}} (credit convert)"),
        Setting("CREDIT_IMPORT_HEARTBEAT_SECONDS", 5, "a running import writes its batch's heartbeat this often"),
        Setting("CREDIT_IMPORT_LEASE_SECONDS", 30, "an import without a heartbeat for this long is taken for dead "
                "and closed by the credit.imports job (finished if every row is stored, else failed)"),
    )

    # What other systems (and the shell) may call: the public site's search box (core.public.search).
    provides = {
        "public_search": "zhengwu.credit.selectors.site_search.site_search",
    }

    @property
    def system(self):
        from zhengwu.core.systems import PublicPage, System

        return System(key="credit", name=_("双公示"), url_name="credit:index",
                      description=_("行政许可和行政处罚信用信息公示：导入校验、保密审查、7 个工作日内公示、异议与考核"), order=20, visible=_visible,
                      public_name=_("信用信息公示"),
                      public_pages=(PublicPage("credit:public_search", _("信用信息公示"),
                                               _("查询本区行政许可和行政处罚决定（双公示），可按名称、统一社会信用代码或决定书文号查询"),
                                               json_url_name="credit:public_search_json", order=10),))
