from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "zhengwu.ledger"
    label = "ledger"
    verbose_name = _("审计日志")

    @property
    def system(self):
        from zhengwu.core.systems import System

        return System(key="ledger", name=_("审计日志"), url_name="ledger:entry_list",
                      description=_("所有业务记录的变更留痕，哈希链防篡改"), order=30, tool=True)
