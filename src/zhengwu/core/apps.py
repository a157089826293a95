from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.systems import LedgerAction


class CoreConfig(AppConfig):
    name = "zhengwu.core"
    label = "core"
    verbose_name = _("平台")
    ledger_actions = (
        LedgerAction("core.api_key.issued", "an API key was issued to a machine client"),
        LedgerAction("core.api_key.revoked", "an API key was revoked"),
    )
    settings = (
        Setting("PERIODIC_JOBS_DISABLED", (), "names of declared periodic jobs that no worker runs"),
    )

    def ready(self):
        from zhengwu.core import checks  # noqa: F401 — registers the system checks
