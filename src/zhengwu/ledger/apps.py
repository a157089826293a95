from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.periodic import Periodic


class LedgerConfig(AppConfig):
    name = "zhengwu.ledger"
    label = "ledger"
    verbose_name = _("审计日志")
    periodic = (
        Periodic("ledger.verify", "zhengwu.ledger.tasks.verify_chain", "0 2 * * *",
                 "walk the hash chain; the task fails naming the first tampered entry"),
    )

    @property
    def system(self):
        from zhengwu.core.systems import System

        return System(key="ledger", name=_("审计日志"), url_name="ledger:entry_list",
                      description=_("所有业务记录的变更留痕，哈希链防篡改"), order=30, tool=True)
