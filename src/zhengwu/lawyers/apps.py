from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import LedgerAction, System
from zhengwu.lawyers.standard import PROGRAMME_YEAR


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class LawyersConfig(AppConfig):
    name = "zhengwu.lawyers"
    label = "lawyers"
    verbose_name = _("律师驻队")
    # Every action this app writes to the ledger (the ledger refuses others; docs/seed-map lists them).
    ledger_actions = (
        LedgerAction("lawyers.firm.checked", "区司法局 checked a law firm against §三(一) (listed or not)"),
        LedgerAction("lawyers.person.added", "a firm's lawyer or assistant was registered"),
        LedgerAction("lawyers.contract.signed", "an enforcement unit contracted its stationed lawyer"),
        LedgerAction("lawyers.record.added", "a work record was added"),
        LedgerAction("lawyers.assessment.made", "a unit made the annual assessment of its lawyer"),
        LedgerAction(
            "lawyers.replacement.requested", "a replacement of the lawyer or an assistant was requested"
        ),
        LedgerAction("lawyers.replacement.consented", "the unit consented to a replacement"),
        LedgerAction("lawyers.replacement.refused", "the unit refused a replacement"),
        LedgerAction("lawyers.replacement.withdrawn", "a replacement request was withdrawn"),
        LedgerAction("lawyers.replacement.completed", "the consented replacement took effect"),
        LedgerAction("lawyers.milestone.done", "a lead unit finished a §四 milestone"),
        LedgerAction(
            "lawyers.milestone.reminded", "lead units were reminded of milestones due soon or overdue"
        ),
    )
    # Settings this app reads (core.conf.setting), with their defaults; docs/settings.md is generated.
    settings = (
        Setting(
            "LAWYERS_PROGRAMME_YEAR", PROGRAMME_YEAR, "the programme year whose §四 milestones are tracked"
        ),
        Setting(
            "LAWYERS_REMIND_WORKDAYS",
            5,
            "lead units are reminded of a milestone due within this many "
            "working days (and of every overdue one)",
        ),
    )
    periodic = (
        Periodic("lawyers.remind", "zhengwu.lawyers.tasks.remind_milestones", "0 8 * * *",
                 "remind lead units of 律师驻队 milestones due soon or overdue", workdays_only=True),
    )
    # What other systems may call (core.systems.provided("lawyers", name)); nothing else of this app.
    provides = {
        "supervision_figures": "zhengwu.lawyers.selectors.supervision.figures",
        "programme_milestones": "zhengwu.lawyers.selectors.supervision.programme_milestones",
    }
    system = System(key="lawyers", name=_("律师驻队"), url_name="lawyers:index",
                    description=_("律师事务所名单、驻队律师合同、工作记录、年度考核与人员更换"), order=50,
                    visible=_staff)

    def ready(self):
        from zhengwu.lawyers import checks  # noqa: F401 — registers the system checks (they read org's reference)
