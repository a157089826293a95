from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.systems import LedgerAction, System


class WorkdaysConfig(AppConfig):
    name = "zhengwu.workdays"
    label = "workdays"
    verbose_name = _("工作日历")
    system = System(key="workdays", name=_("工作日历"), url_name="workdays:year",
                    description=_("法定节假日、调休与工作日计算"), order=20, tool=True)
    ledger_actions = (
        LedgerAction(
            "workdays.override.set", "an administrator set a day's override (holiday or make-up working day)"
        ),
        LedgerAction("workdays.override.deleted", "an administrator removed a day's override"),
    )
    settings = ()
    periodic = ()
    provides = {}

    def ready(self):
        from zhengwu.workdays import checks  # noqa: F401 — registers the system checks (they read the models)
