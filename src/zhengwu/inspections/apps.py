from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import LedgerAction, PublicPage, System
from zhengwu.inspections.standard import PUBLICATION_WORKDAYS


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class InspectionsConfig(AppConfig):
    name = "zhengwu.inspections"
    label = "inspections"
    verbose_name = _("双随机")
    # Every action this app writes to the ledger (the ledger refuses others; docs/seed-map lists them).
    ledger_actions = (
        LedgerAction(
            "inspections.draw.committed", "a draw's commitment was published (inputs and seed fixed)"
        ),
        LedgerAction("inspections.draw.run", "a committed draw was run: seed published, tasks created"),
        LedgerAction(
            "inspections.draw.redrawn", "a draw was superseded by a redraw (reason, approver, new commitment)"
        ),
        LedgerAction("inspections.task.complaint", "a complaint check was opened (its own task type)"),
        LedgerAction("inspections.task.swapped", "an inspector was replaced (回避) by a random draw"),
        LedgerAction(
            "inspections.task.completed", "a check's result was recorded (with its penalty draft if any)"
        ),
        LedgerAction("inspections.task.penalty_drafted", "a pending penalty finding reached 双公示"),
        LedgerAction("inspections.task.published", "a check's result was published (一公开)"),
        LedgerAction("inspections.evaluation.recorded", "a third-party evaluation was recorded"),
    )
    # Settings this app reads (core.conf.setting), with their defaults; docs/settings.md is generated.
    settings = (
        Setting("INSPECTIONS_PUBLICATION_WORKDAYS", PUBLICATION_WORKDAYS,
                "a check's result is published within this many working days of its completion"),
    )
    periodic = (
        Periodic("inspections.penalties", "zhengwu.inspections.tasks.send_pending_penalties", "*/30 * * * *",
                 "send penalty findings to 双公示 once the credit app provides penalty_draft_create"),
    )
    # What other systems may call (core.systems.provided("inspections", name)); nothing else of this app.
    provides = {
        "supervision_figures": "zhengwu.inspections.selectors.supervision.figures",
        "public_search": "zhengwu.inspections.selectors.public.site_search",
    }
    system = System(
        key="inspections",
        name=_("双随机"),
        url_name="inspections:index",
        description=_("随机抽取检查对象和执法检查人员，抽取过程任何人可验证，结果按时公示"),
        order=50,
        visible=_staff,
        public_name=_("双随机抽查公示"),
        public_pages=(
            PublicPage(
                "inspections:public_draws",
                _("双随机抽取记录"),
                _("每次抽取的承诺、种子和结果，任何人可验证"),
                json_url_name="inspections:public_draws_json",
                order=50,
            ),
            PublicPage(
                "inspections:public_results",
                _("抽查结果公示"),
                _("随机抽查的检查结果"),
                json_url_name="inspections:public_results_json",
                order=51,
            ),
        ),
    )

    def ready(self):
        from zhengwu.inspections import checks  # noqa: F401 — registers the system checks
