from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import System


class LedgerConfig(AppConfig):
    name = "zhengwu.ledger"
    label = "ledger"
    verbose_name = _("审计日志")
    system = System(key="ledger", name=_("审计日志"), url_name="ledger:entry_list",
                    description=_("所有业务记录的变更留痕，哈希链防篡改"), order=30, tool=True)
    # The ledger writes no entry of its own: verifying the chain reads it (`zhengwu ledger verify`).
    ledger_actions = ()
    settings = (
        Setting(
            "LEDGER_REQUIRE_DECLARED_ACTIONS",
            False,
            "refuse to write a ledger action that no app declares "
            "in its AppConfig.ledger_actions (on in the test suite once every app declares its own)",
        ),
    )
    periodic = (
        Periodic("ledger.verify", "zhengwu.ledger.tasks.verify_chain", "0 2 * * *",
                 "walk the hash chain; the task fails naming the first tampered entry"),
    )
    provides = {}
