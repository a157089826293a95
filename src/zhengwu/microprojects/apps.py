from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import LedgerAction, PublicPage, System


def _staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


A = "microprojects."


class MicroprojectsConfig(AppConfig):
    name = "zhengwu.microprojects"
    label = "microprojects"
    verbose_name = _("民生微实事")
    # Every action this app writes to the ledger (docs/seed-map/microprojects.md lists them).
    ledger_actions = (
        LedgerAction(A + "suggestion.submitted", "a suggestion arrived (web, WeChat API, suggestion box)"),
        LedgerAction(A + "suggestion.imported", "a batch of historical suggestions was imported"),
        LedgerAction(
            A + "suggestion.triaged", "a suggestion was put in the library, declined or marked duplicate"
        ),
        LedgerAction(A + "library.published", "a project was published in the district's or city's library"),
        LedgerAction(A + "project.created", "a project was filed from suggestions or a library entry"),
        LedgerAction(
            A + "project.exception_approved", "the street approved an amount above the cap, with reasons"
        ),
        LedgerAction(
            A + "project.negative_overridden", "the street let a negative-list match go on, with reasons"
        ),
        LedgerAction(
            A + "project.two_committees", "the two committees' joint meeting pre-reviewed the project"
        ),
        LedgerAction(A + "project.experts_drawn", "experts were drawn at random from the pool"),
        LedgerAction(A + "project.expert_review", "the street's expert review meeting reviewed the project"),
        LedgerAction(A + "project.residents_council", "the residents' council deliberated"),
        LedgerAction(A + "project.first_secretary", "the first secretary decided on behalf of the street"),
        LedgerAction(
            A + "project.notice_published", "the 5-working-day notice was published (snapshot + hash)"
        ),
        LedgerAction(A + "project.objection_received", "an objection to a notice was received"),
        LedgerAction(A + "project.objection_answered", "an objection was answered"),
        LedgerAction(A + "project.notice_closed", "the notice closed (no objection upheld)"),
        LedgerAction(A + "project.implementer_chosen", "the implementer was chosen (deadlines start)"),
        LedgerAction(A + "project.milestone", "a milestone of the implementation was recorded"),
        LedgerAction(A + "project.completed", "the project was completed (maintenance unit, funds, results)"),
        LedgerAction(A + "project.audited", "an audit of the project was recorded"),
        LedgerAction(A + "project.evaluated", "the satisfaction survey and excellence scores were recorded"),
        LedgerAction(
            A + "project.rating_codes_issued",
            "评价码 for residents' 好差评 were issued (how many, never the codes)",
        ),
        LedgerAction(
            A + "project.rated",
            "a resident's 评价码 was used for the 好差评 of a completed project "
            "(the rating itself: core.rating.submitted)",
        ),
        LedgerAction(A + "project.contribution", "a donation, sponsorship or naming was recorded"),
        LedgerAction(A + "expert.registered", "an expert was added to a pool"),
        LedgerAction(A + "council.configured", "a community's council and its rules were set"),
        LedgerAction(A + "budget.set", "a street's or community's yearly budget was set"),
        LedgerAction(A + "government_project.registered", "a government investment project was registered"),
        LedgerAction(A + "stage_date.set", "a stage date of a year was set (with the projects it moved)"),
        LedgerAction(A + "excellence.selected", "the yearly selection of excellent projects was made"),
        LedgerAction(A + "reminders.sent", "deadline reminders were created"),
    )
    # Settings this app reads (core.conf.setting), with their defaults; docs/settings.md is generated.
    settings = (
        Setting("MICROPROJECTS_PAGE_SIZE", 30, "rows per page on the 民生微实事 lists"),
        Setting(
            "MICROPROJECTS_REMIND_WORKDAYS",
            3,
            "working days before a 民生微实事 deadline when its reminder is created",
        ),
        Setting(
            "MICROPROJECTS_PUBLIC_LIMITS",
            {"client_most": ((10, 3600),), "all_most": ((600, 3600),)},
            "rates of the public suggestion and objection forms of 民生微实事 (core.throttle)",
        ),
        Setting(
            "MICROPROJECTS_RATING_CODE_LIMITS",
            {"client_most": ((10, 3600), (30, 86400)), "all_most": ((1000, 3600),)},
            "wrong 评价码 before the 好差评 of 民生微实事 projects is refused (core.throttle): per client, "
            "all",
        ),
    )
    periodic = (
        Periodic("microprojects.remind", "zhengwu.microprojects.tasks.remind_deadlines", "0 8 * * *",
                 "民生微实事 deadline reminders (determination, start, completion, notice, year end)",
                 workdays_only=True),
    )
    # What other systems may call (core.systems.provided("microprojects", name)); nothing else of this app.
    # suggestion_from_system: another system files a suggestion with its source link (大分拨 hotspots).
    provides = {
        "suggestion_from_system": "zhengwu.microprojects.services.suggestions.suggestion_from_system",
        "supervision_figures": "zhengwu.microprojects.selectors.supervision.figures",
        "public_search": "zhengwu.microprojects.selectors.site_search.site_search",
    }
    system = System(key="microprojects", name=_("民生微实事"), url_name="microprojects:index",
                    description=_("居民微实事：建议征集、预审、专家评审、议事会、审定、公示、实施、审计与评议"),
                    order=40, visible=_staff, public_name=_("民生微实事"),
                    public_pages=(
                        PublicPage("microprojects:public_index", _("民生微实事"),
                                   _("各社区的微实事项目、公示和评议结果；提出您的建议"),
                                   json_url_name="microprojects:public_index_json", order=40),
                        PublicPage("microprojects:assess", _("微实事申报自查"),
                                   _("申报前自查项目类别、金额上限和申报主体"),
                                   json_url_name="microprojects:assess_json", on_home=False, order=41),
                    ))

    def ready(self):
        from zhengwu.microprojects import checks  # noqa: F401 — registers the system checks
