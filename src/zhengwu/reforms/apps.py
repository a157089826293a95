from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import LedgerAction, PublicPage, System
from zhengwu.reforms.standard import DEFAULT_WEIGHTS, REPORT_CYCLE_WORKDAYS, YELLOW_WORKDAYS


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class ReformsConfig(AppConfig):
    name = "zhengwu.reforms"
    label = "reforms"
    verbose_name = _("改革督查")
    # Every action this app writes to the ledger (the ledger refuses others; docs/seed-map lists them).
    ledger_actions = (
        LedgerAction("reforms.plan.registered", "a lead unit filed an item's implementation plan (立项)"),
        LedgerAction("reforms.plan.decomposed", "the lead unit broke its plan into dated milestones (分解)"),
        LedgerAction("reforms.plan.undertaken", "work on the item started; the report cycle runs (承办)"),
        LedgerAction("reforms.report.submitted", "a progress report while the item is 承办"),
        LedgerAction("reforms.milestone.completed", "a milestone was marked done"),
        LedgerAction("reforms.plan.completed", "the lead unit requested closure with evidence (办结)"),
        LedgerAction("reforms.plan.verified", "the reform office verified the closure (验收)"),
        LedgerAction("reforms.plan.refused", "the reform office refused the closure with reasons (验收退回)"),
        LedgerAction("reforms.plan.closed", "the reform office struck the item off (销号)"),
        LedgerAction("reforms.plan.published", "the reform office published or withdrew an item's progress"),
        LedgerAction(
            "reforms.notice.issued", "a supervision notice, leader's instruction or problem was issued"
        ),
        LedgerAction("reforms.notice.answered", "the responsible unit answered a notice (办复)"),
        LedgerAction("reforms.notice.verified", "the issuer verified the answer (problem rectified)"),
        LedgerAction("reforms.notice.returned", "the issuer sent the answer back with reasons"),
        LedgerAction("reforms.notices.escalated", "unanswered notices past their deadline raised one level"),
        LedgerAction("reforms.evaluation.recorded", "the reform office recorded a third-party evaluation"),
        LedgerAction("reforms.inspection.recorded", "a special inspection or topic research was recorded"),
        LedgerAction(
            "reforms.micro.registered", "a department or street registered a 微改革 / 微创新 project"
        ),
        LedgerAction(
            "reforms.micro.milestone_completed", "a milestone of a 微改革 / 微创新 project was done"
        ),
        LedgerAction("reforms.micro.closed", "the reform office struck a 微改革 / 微创新 project off (销号)"),
        LedgerAction("reforms.monthly.requested", "someone asked for the monthly supervision report (PDF)"),
        LedgerAction(
            "reforms.monthly.built", "the background task built (or failed to build) the monthly PDF"
        ),
        LedgerAction(
            "reforms.rating_codes.issued", "the reform office issued 评议码 for residents' ratings (群众评议)"
        ),
        LedgerAction(
            "reforms.item.rated", "a resident with a 评议码 rated a published reform item (群众评议)"
        ),
        LedgerAction("reforms.reminders.queued", "reminders (催办) queued by the daily job"),
    )
    # Settings this app reads (core.conf.setting), with their defaults; docs/settings.md is generated.
    settings = (
        Setting(
            "REFORMS_YELLOW_WORKDAYS",
            YELLOW_WORKDAYS,
            "a reform milestone due within this many working days shows yellow",
        ),
        Setting(
            "REFORMS_REPORT_CYCLE_WORKDAYS",
            REPORT_CYCLE_WORKDAYS,
            "working days between an item's progress reports while it is 承办; one missed shows yellow",
        ),
        Setting(
            "REFORMS_SCORE_WEIGHTS",
            {c.value: w for c, w in DEFAULT_WEIGHTS.items()},
            "weights of the assessment components (every component, numbers ≥ 0, not all 0)",
        ),
        Setting(
            "REFORMS_RATING_CODE_LIMITS",
            {"client_most": ((10, 3600), (30, 86400)), "all_most": ((1000, 3600),)},
            "wrong 评议码 before the public rating of reform items is refused (core.throttle): per client, "
            "all",
        ),
        Setting(
            "REFORMS_DASHBOARD_CACHE_SECONDS",
            300,
            "大督查: the dashboard's figures are kept until the ledger moves, at most this many seconds (0: "
            "never)",
        ),
    )
    # Periodic jobs: reminders (催办) each working day morning; the monthly report on the 1st.
    periodic = (
        Periodic(
            "reforms.reminders",
            "zhengwu.reforms.tasks.send_reminders",
            "0 9 * * *",
            "催办: milestones due soon or overdue (escalated), missed progress reports",
            workdays_only=True,
        ),
        Periodic(
            "reforms.monthly_report",
            "zhengwu.reforms.tasks.queue_monthly_report",
            "0 6 1 * *",
            "督查月报: the monthly PDF of the month just ended, built in the background",
        ),
    )
    # What other systems may call (core.systems.provided("reforms", name)); nothing else of this app.
    provides = {
        "supervision_figures": "zhengwu.reforms.selectors.supervision.figures",
        # issue 14: the site-wide public search (items the reform office has published)
        "public_search": "zhengwu.reforms.selectors.site_search.site_search",
    }
    system = System(
        key="reforms",
        name=_("改革督查"),
        url_name="reforms:index",
        description=_("改革计划事项从立项到销号的督查与考核"),
        order=50,
        visible=_staff,
        public_name=_("改革进展"),
        public_pages=(
            PublicPage(
                "reforms:public",
                _("罗湖区改革进展"),
                _("改革计划事项的进度"),
                json_url_name="reforms:public_json",
                order=60,
            ),
        ),
    )

    def ready(self):
        from zhengwu.reforms import checks  # noqa: F401 — registers the system checks
