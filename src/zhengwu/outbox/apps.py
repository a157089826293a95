from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import LedgerAction, System
from zhengwu.outbox import standard


def _visible(user) -> bool:
    # deferred: permissions read org's models, which cannot be imported while the app registry is loading
    from zhengwu.outbox.permissions import can_view_outbox

    return can_view_outbox(user)


class OutboxConfig(AppConfig):
    name = "zhengwu.outbox"
    label = "outbox"
    verbose_name = _("数据推送")
    system = System(key="outbox", name=_("数据推送"), url_name="outbox:index",
                    description=_("向市门户、信用平台和前置库推送数据：投递日志、失败与重试"),
                    order=40, visible=_visible, tool=True)
    ledger_actions = (
        LedgerAction(
            standard.LEDGER_MESSAGE_DEAD, "a message gave up (a permanent error, or out of attempts)"
        ),
        LedgerAction(
            standard.LEDGER_MESSAGE_RETRIED, "a person (or the CLI) asked to retry a failed or dead message"
        ),
    )
    settings = ()
    periodic = (
        Periodic("outbox.deliver", "zhengwu.outbox.tasks.deliver_due", "*/5 * * * *",
                 "deliveries and retries that are due (workers also defer a run to the next retry)"),
    )
    provides = {}
