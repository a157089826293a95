from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import LedgerAction, PublicPage, System
from zhengwu.credit.rules.timeliness import DUE_WORKDAYS

#: the assessment's default weights (罗府办函〔2016〕74号 §三(二): quantity, quality, timeliness)
DEFAULT_ASSESSMENT_WEIGHTS = {"timeliness": 0.4, "quality": 0.3, "publication": 0.2, "objections": 0.1}


def _visible(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class CreditConfig(AppConfig):
    name = "zhengwu.credit"
    label = "credit"
    verbose_name = _("双公示")
    # the anonymous public JSON API (/credit/api/public/…): served through core.lean's short middleware chain
    lean_api_prefixes = ("api/public/",)
    # Every action this app writes to the ledger (the ledger
    # refuses others; docs/seed-map/credit.md lists them).
    ledger_actions = (
        LedgerAction(
            "credit.import.created", "a file was uploaded and kept for import; after {kind, file, sha256}"
        ),
        LedgerAction(
            "credit.import.finished",
            "an import ended; after {rows, valid_rows, created, updated, unchanged, "
            "errors, no_due_date} (recovered: the worker died after storing every row)",
        ),
        LedgerAction(
            "credit.import.failed",
            "an import ended without all its rows; after {message} (the rows stored before stay)",
        ),
        LedgerAction(
            "credit.records.created",
            "one per batch of new records; object = the import; after {count, "
            "first_key, last_key, sha256 of the keys and contents}",
        ),
        LedgerAction(
            "credit.record.updated",
            "a re-imported record changed: a new version; before/after {version, data}",
        ),
        LedgerAction("credit.record.submitted", "sent to the confidentiality review; before/after {state}"),
        LedgerAction(
            "credit.record.reviewed", "保密审查 decided; after {review, decision, checks, reasons, version}"
        ),
        LedgerAction(
            "credit.record.rejected", "returned to the operator; before/after {state}, note = the reasons"
        ),
        LedgerAction(
            "credit.record.published",
            "made public; after {state, published_at, severity, public_until, repairable_from, publicity}",
        ),
        LedgerAction(
            "credit.record.status_changed",
            "当前状态 changed (撤销/异议/其他/正常): a new version; before/after "
            "{status, state, version}, note",
        ),
        LedgerAction(
            "credit.record.pushed",
            "every outbox message of the record delivered: 已推送; after {state, pushed_at}",
        ),
        LedgerAction(
            "credit.record.push_queued",
            "a change of a 已推送 record queued for the city platform: back to 已公示",
        ),
        LedgerAction(
            "credit.objection.created",
            "an objection filed by the public; object = the record; after "
            "{objection, due_on} (no contact details)",
        ),
        LedgerAction(
            "credit.objection.accepted",
            "an objection accepted for handling (受理); before/after {objection, state}, note",
        ),
        LedgerAction(
            "credit.objection.answered",
            "an objection answered; after {objection, outcome, answered_in_time}, note = the answer",
        ),
        LedgerAction(
            "credit.catalog.item_saved", "a catalog item created or changed; before/after its fields"
        ),
        LedgerAction(
            "credit.catalog.submitted",
            "a unit's catalog sent to the lead unit; after {round, due_on, items, on_time}",
        ),
        LedgerAction(
            "credit.catalog.decided", "the lead unit confirmed or returned a catalog; after {status}, note"
        ),
        LedgerAction(
            "credit.record.drafted",
            "another system's finding made a 行政处罚 draft (services.drafts); after "
            "{state, key, source, source_ref, found_on}",
        ),
        LedgerAction(
            "credit.contact.saved",
            "a unit's 负责人/业务/技术联络人 reported or changed (§二(一)); before/after "
            "{role, name, position, phone, mobile, email}",
        ),
        LedgerAction(
            "credit.repair.applied",
            "a credit repair applied for (public site or staff); object = the "
            "record; after {repair, channel, proofs, repairable_from} (no contact details)",
        ),
        LedgerAction(
            "credit.repair.approved",
            "the deciding unit approved a credit repair: the record leaves the "
            "public view (rules.visibility) and a withdrawal is pushed; before/after {repaired_on, "
            "public_ended_on, last_public_day}, note",
        ),
        LedgerAction(
            "credit.repair.rejected",
            "the deciding unit refused a credit repair; after {repair, state}, note = the reason",
        ),
        LedgerAction(
            "credit.record.publicity_ended",
            "the maximum publicity period ended (daily job): the record "
            "left the public view by itself, a withdrawal is pushed; after {public_until, public_ended_on, "
            "reason, severity, decided_on}, note says why",
        ),
        LedgerAction(
            "credit.publicity.recomputed",
            "the publicity rule configuration changed: every affected "
            "公示截止期 recomputed; after {rule, retier, records, moved, retiered}",
        ),
        LedgerAction(
            "credit.reminder.sent",
            "a unit reminded of due records; object = the unit; after {day, due_soon, "
            "overdue, objections, recipients}",
        ),
    )
    # Settings this app reads (core.conf.setting), with their defaults; docs/settings.md is generated.
    settings = (
        Setting(
            "CREDIT_NATIONAL_ORG",
            {},
            "the organisation's entries of the national 双公示 format, never typed per "
            'record: {"source_unit": 数据来源单位, "source_unit_code": its 统一社会信用代码, '
            '"authority_codes": {许可/处罚机关 full name: its 统一社会信用代码}} (credit convert)',
        ),
        Setting(
            "CREDIT_PUSH_FORMAT",
            "luohu2016",
            "the record format a push destination gets when its options name "
            'none ({"format": "national"} or "luohu2016"); the city platform\'s destinations '
            "(credit push-destinations) are created with the national format; checked by credit.E010",
        ),
        Setting(
            "CREDIT_IMPORT_HEARTBEAT_SECONDS", 5, "a running import writes its batch's heartbeat this often"
        ),
        Setting(
            "CREDIT_IMPORT_LEASE_SECONDS",
            30,
            "an import without a heartbeat for this long is taken for dead "
            "and closed by the credit.imports job (finished if every row is stored, else failed)",
        ),
        Setting(
            "CREDIT_IMPORT_DEFER_INDEXES_ROWS",
            200_000,
            "an import of at least this many rows into a "
            "table holding no more rows than the file drops credit_record's secondary indexes and builds "
            "them once after (0 = never); the credit.imports job builds them if its worker died",
        ),
        Setting(
            "CREDIT_DUE_WORKDAYS",
            DUE_WORKDAYS,
            "a record must be public within this many working days of its "
            "decision (罗府办函〔2016〕74号 §二(二): 7)",
        ),
        Setting(
            "CREDIT_PUBLICITY_POLICY",
            None,
            "how long published records stay public: a dict with the keys of "
            "credit.rules.publicity.Policy (None = the national rule version in force, "
            "rules.publicity_versions); "
            "checked by credit.E003",
        ),
        Setting(
            "CREDIT_OBJECTION_WORKDAYS",
            10,
            "an objection is answered within this many working days of filing",
        ),
        Setting(
            "CREDIT_OBJECTION_LOOKUP_RATE",
            {"client_most": ((10, 3600), (30, 86400)), "number_most": ((10, 86400),)},
            "wrong objection number + 查询码 pairs before the lookup of 异议处理结果 is refused "
            "(core.throttle): "
            "per client, and per objection number",
        ),
        Setting(
            "CREDIT_REPAIR_RATE",
            ((5, 3600), (20, 86400)),
            "credit repair applications one client may file "
            "on the public site: (how many, within seconds), each limit checked",
        ),
        Setting(
            "CREDIT_OBJECTION_RATE",
            ((5, 3600), (20, 86400)),
            "objections one client may file: (how many, within seconds), each limit checked",
        ),
        Setting(
            "CREDIT_CATALOG_ROUND",
            ("2016", "2016-02-23"),
            "the item catalog's current round and its due date (罗府办函〔2016〕74号 §二(四))",
        ),
        Setting(
            "CREDIT_LEAD_UNIT",
            "QFGJ",
            "the unit that runs 双公示, receives the catalogs and sees every unit's "
            "assessment (区发改局); checked by credit.E002",
        ),
        Setting(
            "CREDIT_ASSESSMENT_WEIGHTS",
            DEFAULT_ASSESSMENT_WEIGHTS,
            "weights of the assessment score: timeliness, quality, publication, objections",
        ),
        Setting(
            "CREDIT_REPORTS_FOR",
            {},
            "谁产生、谁负责: the units each unit may import records for besides itself, "
            "{unit code: [unit codes]} — an organisation authorised to license or penalise is folded into "
            "its "
            'authorising department, e.g. {"QCGZFJ": ["QCGZFDD"]}; a record whose 许可机关/处罚机关 is none '
            "of these is an error (rule authority); checked by credit.E009",
        ),
        Setting(
            "CREDIT_CLI_ACTOR_REQUIRED",
            None,
            "whether `credit import` refuses to run without --actor USER "
            "(None = required whenever DEBUG is off, i.e. in production)",
        ),
        Setting(
            "CREDIT_CONTACTS_CONFIRM_DAYS",
            180,
            "a unit's 双公示 contact not confirmed for this many days is "
            "marked 待确认 on 区发改局's list (kept current)",
        ),
        Setting(
            "CREDIT_EMBED_FRAME_ANCESTORS",
            ["https:", "http:"],
            "who may frame a unit's embeddable public list "
            '(CSP frame-ancestors), e.g. ["https://www.szlh.gov.cn"]',
        ),
    )
    periodic = (
        Periodic("credit.remind", "zhengwu.credit.tasks.remind_all", "0 8 * * *",
                 "remind units of records due soon or overdue", workdays_only=True),
        Periodic("credit.imports", "zhengwu.credit.tasks.recover_imports", "* * * * *",
                 "close imports whose worker died: finished if every row is stored, else failed"),
        Periodic("credit.publicity_end", "zhengwu.credit.tasks.publicity_end", "5 0 * * *",
                 "records past their maximum publicity period: note it in the ledger and push a withdrawal"),
        Periodic("credit.search_index", "zhengwu.credit.tasks.search_index_optimize", "30 3 * * *",
                 "merge the public-name search index's SQLite segments into one (faster name searches)"),
    )
    # What other systems may call (core.systems.provided("credit", name)); nothing else of this app.
    provides = {
        "supervision_figures": "zhengwu.credit.selectors.supervision.figures",  # 大督查 (issue 19)
        "public_search": "zhengwu.credit.selectors.site_search.site_search",  # the public site's search box
        # 双随机 findings → 草稿
        "penalty_draft_create": "zhengwu.credit.services.drafts.penalty_draft_create",
    }
    system = System(
        key="credit",
        name=_("双公示"),
        url_name="credit:index",
        description=_("行政许可和行政处罚信用信息公示：导入校验、保密审查、7 个工作日内公示、异议与考核"),
        order=20,
        visible=_visible,
        public_name=_("信用信息公示"),
        public_pages=(
            PublicPage(
                "credit:public_search",
                _("信用信息公示"),
                _("查询本区行政许可和行政处罚决定（双公示），可按名称、统一社会信用代码或决定书文号查询"),
                json_url_name="credit:public_search_json",
                order=10,
            ),
            PublicPage(
                "credit:public_objection",
                _("异议处理结果查询"),
                _("凭异议编号和查询码查看异议处理结果，并对处理进行评价（好差评）"),
                on_home=False,
                order=11,
            ),
        ),
    )

    def ready(self):
        from zhengwu.credit import checks  # noqa: F401 — registers the system checks
