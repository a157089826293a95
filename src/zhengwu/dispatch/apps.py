from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import LedgerAction, PublicPage, System
from zhengwu.dispatch.rules.figures import COMPONENTS, DEFAULT_WEIGHTS, TOPICS_PER_STREET
from zhengwu.dispatch.rules.hotspot_terms import HOTSPOT_TERMS, HotspotAction
from zhengwu.dispatch.rules.matter_terms import MATTER_THRESHOLDS, MatterAction
from zhengwu.dispatch.standard import (
    CONFIDENCE_THRESHOLD,
    LOOKUP_LIMITS,
    OPEN311_JURISDICTION,
    OPEN311_LIMITS,
    REPORT_LIMITS,
    RULING_WORKDAYS,
    UNSATISFIED_ACTION,
    WORKING_HOURS,
    YELLOW_FRACTION,
    Action,
)


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class DispatchConfig(AppConfig):
    name = "zhengwu.dispatch"
    label = "dispatch"
    verbose_name = _("大分拨")
    # Every action this app writes to the ledger (standard.Action; an event's entries hold its governed
    # fields before/after, services.trail.TRACKED). docs/seed-map/dispatch.md lists them (a test compares).
    ledger_actions = (
        LedgerAction(Action.RECEIVED, "an event was received from a channel (web form, hotline, API, …)"),
        LedgerAction(Action.IMPORTED, "an event of a unit's own system was imported (数据自动迁移)"),
        LedgerAction(Action.CLASSIFIED, "the classifier gave the event a class, a confidence and a place"),
        LedgerAction(
            Action.TRIAGE, "the event went to manual triage (low confidence, unknown place or unit)"
        ),
        LedgerAction(
            Action.DISPATCHED, "the event was dispatched to a unit, automatically or by a dispatcher"
        ),
        LedgerAction(Action.ACCEPTED, "the handling unit accepted the event (签收)"),
        LedgerAction(Action.RETURNED, "the handling unit returned the event with a reason (退回)"),
        LedgerAction(Action.STARTED, "the handling unit started work"),
        LedgerAction(Action.RESOLVED, "the handling unit resolved the event (办结), with its result"),
        LedgerAction(Action.REPLIED, "the dispatchers replied to the citizen (统一回复)"),
        LedgerAction(Action.RATED, "the citizen rated the reply"),
        LedgerAction(Action.CLOSED, "the event was closed (after a rating, or by a dispatcher)"),
        LedgerAction(
            Action.REOPENED, "the event was reopened (an unsatisfied rating, a dispatcher, a supervisor)"
        ),
        LedgerAction(Action.EXTENSION_REQUESTED, "the handling unit asked for more working days (延期)"),
        LedgerAction(Action.EXTENSION_DECIDED, "a dispatcher approved or refused an extension"),
        LedgerAction(Action.SUPERVISED, "a supervisor flagged the event for supervision (督办)"),
        LedgerAction(Action.WARNED, "the deadline warning of an open event changed (yellow, red, cleared)"),
        LedgerAction(Action.MODEL_TRAINED, "a classifier version was trained and made active"),
        LedgerAction(Action.PHOTO_REENCODED, "a photo stored before re-encoding was re-encoded"),
        LedgerAction(
            Action.ESCALATED, "the handling unit passed the event one tier up (逐级处置), with a reason"
        ),
        LedgerAction(
            Action.CALLED_BACK, "the dispatchers called the citizen back (回访) and noted the outcome"
        ),
        LedgerAction(
            Action.SYNCED, "a synced event changed in the system that keeps it (connector, 数据自动迁移)"
        ),
        # 同一事项，一次办理 (item 32): services.matters
        LedgerAction(
            MatterAction.MERGED,
            "a case was merged into its master case (duplicate_of), by hand or "
            "automatically above the auto-merge similarity",
        ),
        LedgerAction(
            MatterAction.REPORTER_REPLIED, "the reporter of a merged case got the master case's reply"
        ),
        LedgerAction(MatterAction.SUPPORTED, "a citizen added support (+1) to a public case"),
        # pushing on to units that keep their own systems (item 31): services.pushes
        LedgerAction(
            Action.PUSHED, "a case routed to a unit that keeps its own system was queued for it (outbox)"
        ),
        LedgerAction(Action.PUSH_UPDATE, "the unit's own system sent back an update of a pushed case"),
        # 大联动 (item 33), re-categorising, returns and rulings (services.cohandling, services.lifecycle)
        LedgerAction(
            Action.COHANDLED,
            "a dispatcher made the case co-handled: the lead unit and assisting units, "
            "each with a sub-task and its deadline",
        ),
        LedgerAction(Action.SUBTASK_FEEDBACK, "an assisting unit gave its sub-task's feedback (协办反馈)"),
        LedgerAction(
            Action.SUBTASKS_OVERRIDDEN,
            "the lead unit resolved without an assisting unit's feedback, with its reason",
        ),
        LedgerAction(
            Action.RECATEGORISED,
            "a dispatcher re-categorised the case (re-routed when the responsible "
            "unit changed), with the reason",
        ),
        LedgerAction(
            Action.RULING_REQUESTED,
            "the second return of a case between units sent it to the 分拨中心 "
            "for a binding ruling (裁定), with a deadline",
        ),
        LedgerAction(Action.RULED, "the 分拨中心 ruled which unit must handle the case (binding)"),
        # 督办单 (item 36): services.supervision
        LedgerAction(Action.ORDER_ISSUED, "a supervision order (督办单) was issued, by hand or by a rule"),
        LedgerAction(Action.ORDER_REPLIED, "the supervised unit replied to its supervision order"),
        LedgerAction(Action.ORDER_SIGNED_OFF, "a supervisor signed the supervision order off (销号)"),
        # 申诉 (services.appeals)
        LedgerAction(Action.APPEALED, "a unit appealed a rating it found unreasonable, with evidence (申诉)"),
        LedgerAction(Action.APPEAL_DECIDED, "a supervisor upheld or rejected a unit's appeal"),
        LedgerAction(MatterAction.PUBLISHED, "a dispatcher opened a case to public support, or closed it"),
        # 大数据 (item 35): services.hotspots
        LedgerAction(
            HotspotAction.TASK_CREATED, "a hotspot was turned into a proactive-governance task (主动治理)"
        ),
        LedgerAction(HotspotAction.TASK_DONE, "the result of a proactive-governance task was recorded"),
        LedgerAction(
            HotspotAction.SUGGESTED, "a hotspot became a 民生微实事 suggestion (its reference kept)"
        ),
    )
    # Settings this app reads (core.conf.setting), with their defaults; docs/settings.md is generated.
    settings = (
        Setting(
            "DISPATCH_CONFIDENCE_THRESHOLD",
            CONFIDENCE_THRESHOLD,
            "below this classifier confidence an event goes to manual triage (人工分拨)",
        ),
        Setting(
            "DISPATCH_MODEL_CACHE_DIR",
            None,
            "folder where the fitted shipped classifier is kept for other processes, under a digest of its "
            "inputs (None: VAR_DIR/cache; an empty string: not kept)",
        ),
        Setting(
            "DISPATCH_WORKING_HOURS",
            WORKING_HOURS,
            "working periods of a working day, ((start hour, end hour), …), for limits in working hours",
        ),
        Setting(
            "DISPATCH_YELLOW_FRACTION",
            YELLOW_FRACTION,
            "a yellow warning when less than this fraction of an event's time limit is left",
        ),
        Setting(
            "DISPATCH_REPORT_LIMITS",
            {},
            "overrides, key by key, of the public report form's limits "
            f"(standard.REPORT_LIMITS: {sorted(REPORT_LIMITS)})",
        ),
        Setting(
            "DISPATCH_LOOKUP_LIMITS",
            {},
            "overrides, key by key, of the case lookup's limits "
            f"(standard.LOOKUP_LIMITS: {sorted(LOOKUP_LIMITS)})",
        ),
        Setting(
            "DISPATCH_RULING_WORKDAYS",
            RULING_WORKDAYS,
            "working days the 分拨中心 has for its binding ruling (裁定) after a case's second return "
            "between units",
        ),
        Setting(
            "DISPATCH_UNSATISFIED_ACTION",
            UNSATISFIED_ACTION.value,
            'what an unsatisfied call-back (回访) leads to: "reopen" (重办) or "supervise" (a 督办单)',
        ),
        Setting(
            "DISPATCH_MATTER_THRESHOLDS",
            {},
            "overrides, key by key, of the same-matter thresholds "
            f"(rules.matter_terms.MATTER_THRESHOLDS: {sorted(MATTER_THRESHOLDS)})",
        ),
        # 大督查 figures (item 36): rules.figures, docs/dispatch-figures.md
        Setting(
            "DISPATCH_FIGURE_WEIGHTS",
            DEFAULT_WEIGHTS,
            "weights of the units' composite score, by component "
            f"({', '.join(COMPONENTS)}); a component with nothing to judge is left out and the rest "
            "re-weighted",
        ),
        Setting(
            "DISPATCH_TOPICS_PER_STREET",
            TOPICS_PER_STREET,
            "每月一题: how many of a street's highest-volume problems of the month are listed as topics",
        ),
        Setting(
            "DISPATCH_PUSH_UNITS",
            {},
            "units that keep their own systems (item 31): {unit code: outbox "
            "destination name}; cases routed to them are pushed there (services.pushes)",
        ),
        Setting(
            "DISPATCH_OPEN311_JURISDICTION",
            OPEN311_JURISDICTION,
            "the Open311 jurisdiction_id of this platform (checked when a client gives one)",
        ),
        Setting(
            "DISPATCH_OPEN311_LIMITS",
            {},
            "overrides, key by key, of the Open311 API's rate limits per client "
            f"(standard.OPEN311_LIMITS: {sorted(OPEN311_LIMITS)})",
        ),
        Setting(
            "DISPATCH_HOTSPOT_TERMS",
            {},
            "overrides, key by key, of the hotspot analysis' terms and heat "
            f"index weights (rules.hotspot_terms.HOTSPOT_TERMS: {sorted(HOTSPOT_TERMS)})",
        ),
    )
    periodic = (
        Periodic(
            "dispatch.warnings",
            "zhengwu.dispatch.tasks.scan_warnings",
            "*/15 * * * *",
            "yellow/red warnings of cases near or past their time limits",
        ),
        Periodic(
            "dispatch.route",
            "zhengwu.dispatch.tasks.dispatch_received",
            "*/10 * * * *",
            "safety sweep: route events still received (intake also enqueues this at once)",
        ),
        Periodic(
            "dispatch.figures",
            "zhengwu.dispatch.tasks.refresh_figures",
            "7 * * * *",
            "大督查 figures: refill the units' counts and 每月一题 of this month and the last "
            "(services.figures)",
        ),
        Periodic(
            "dispatch.hotspots",
            "zhengwu.dispatch.tasks.refresh_hotspots",
            "*/10 * * * *",
            "大数据: the daily hotspot counts of today and yesterday (incremental)",
        ),
        Periodic(
            "dispatch.hotspots_month",
            "zhengwu.dispatch.tasks.refresh_hotspots_month",
            "20 2 * * *",
            "大数据: the daily hotspot counts of the last 35 days (later support, supervision, ratings)",
        ),
        Periodic(
            "dispatch.supervision",
            "zhengwu.dispatch.tasks.raise_supervision_orders",
            "7 * * * *",
            "督办单 by the administrators' rules (overdue, unsatisfied, repeats, sensitive tags), each once",
        ),
    )
    # What other systems may call (core.systems.provided("dispatch", name)): the public site's search box,
    # the 大督查 figures (cases resolved by their deadline, per unit), and every unit figure of issue 15 §8
    # (per unit and period: rates, composite score, ranking,
    # 每月一题) for 改革督查, which reads and never copies.
    provides = {
        "unit_figures": "zhengwu.dispatch.selectors.figures.unit_figures",
        "public_search": "zhengwu.dispatch.selectors.site_search.site_search",
        "supervision_figures": "zhengwu.dispatch.selectors.supervision.figures",
        # 督办单 per unit (issued, replied in time, overdue) and co-handling per role, for the unit figures
        "supervision_orders": "zhengwu.dispatch.selectors.supervision_orders.counts_by_unit",
        "cohandling_roles": "zhengwu.dispatch.selectors.cohandling.counts_by_role",
    }
    system = System(
        key="dispatch",
        name=_("大分拨"),
        url_name="dispatch:index",
        description=_("社会事件统一受理、自动分类、分级分拨与全流程处置"),
        order=20,
        visible=_staff,
        public_name=_("群众诉求"),
        public_pages=(
            PublicPage(
                "dispatch:report",
                _("我要反映"),
                _("反映身边的市容环境、公共设施、噪音等问题，提交后获得受理编号"),
                order=20,
            ),
            PublicPage(
                "dispatch:lookup",
                _("进度查询"),
                _("凭受理编号和联系电话查询办理进度，并对办理结果评价（好差评）"),
                order=30,
            ),
        ),
    )

    def ready(self):
        from zhengwu.dispatch import checks  # noqa: F401 — registers the system checks
