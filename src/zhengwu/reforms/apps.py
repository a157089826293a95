from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic  # noqa: F401 — declare periodic jobs below
from zhengwu.core.systems import LedgerAction, System


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class ReformsConfig(AppConfig):
    name = "zhengwu.reforms"
    label = "reforms"
    verbose_name = _("改革督查")
    # Every action this app writes to the ledger (the ledger refuses others; docs/seed-map lists them).
    ledger_actions = (
        LedgerAction("reforms.item.created", "an item was created"),
    )
    # Settings this app reads (core.conf.setting), with their defaults; docs/settings.md is generated.
    settings = (
        Setting("REFORMS_PAGE_SIZE", 30, "rows per page on the reforms lists"),
    )
    # Periodic jobs: Periodic("reforms.remind", "zhengwu.reforms.tasks.remind", "0 8 * * *", "…",
    #                         workdays_only=True)
    periodic = ()
    # What other systems may call (core.systems.provided("reforms", name)); nothing else of this app.
    provides = {
        "supervision_figures": "zhengwu.reforms.selectors.figures_for_supervision",
    }
    system = System(key="reforms", name=_("改革督查"), url_name="reforms:index",
                    description=_("改革计划事项从立项到销号的督查与考核"), order=50, visible=_staff)

    def ready(self):
        from zhengwu.reforms import checks  # noqa: F401 — registers the system checks
