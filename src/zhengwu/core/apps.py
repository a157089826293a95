from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.periodic import Periodic
from zhengwu.core.systems import LedgerAction, System


class CoreConfig(AppConfig):
    name = "zhengwu.core"
    label = "core"
    verbose_name = _("平台")
    ledger_actions = (
        LedgerAction("core.api_key.issued", "an API key was issued to a machine client"),
        LedgerAction("core.api_key.revoked", "an API key was revoked"),
        LedgerAction("core.throttle.alert", "a public form refused a flood from one source (core.throttle; "
                     "once per source and window)"),
        # 好差评 (core.ratings): a resident's rating of a public service outcome and its 差评 follow-through
        LedgerAction("core.rating.submitted", "a resident rated a public service outcome (好差评)"),
        LedgerAction("core.rating.rectified", "the unit recorded how it rectified a poor rating (差评整改)"),
        LedgerAction("core.rating.followed_up", "the resident rated the rectification (整改回访评价)"),
    )
    settings = (
        Setting("PERIODIC_JOBS_DISABLED", (), "names of declared periodic jobs that no worker runs"),
        # request bodies of the JSON APIs (core.http.json_body)
        Setting(
            "JSON_MAX_BYTES",
            4 * 1024 * 1024,
            "largest JSON request body, in bytes (refused with 400 "
            "`invalid_json`, on Content-Length before reading)",
        ),
        Setting(
            "JSON_MAX_DEPTH",
            32,
            "deepest bracket nesting of a JSON request body (pre-scanned before parsing)",
        ),
        # public forms (core.throttle, core.pow)
        Setting(
            "TRUSTED_PROXY_COUNT",
            0,
            "reverse proxies in front that append to X-Forwarded-For (0: the client "
            "is REMOTE_ADDR and X-Forwarded-For is never read); the environment variable of the same name",
        ),
        Setting(
            "POW_BITS", 16, "proof-of-work difficulty (leading zero bits) just past a public form's free rate"
        ),
        Setting(
            "POW_MAX_BITS", 22, "each further action past the free rate adds a bit, up to this (at most 32)"
        ),
        Setting(
            "POW_MAX_AGE", 1800, "seconds a proof-of-work challenge stays valid (time to fill in the form)"
        ),
        # uploaded files (core.uploads)
        Setting(
            "UPLOADS_ORIGIN",
            "",
            "a separate origin (https://files.example) that alone serves uploaded files, "
            "by signed links; empty: served under the pages' host (ZHENGWU_UPLOADS_ORIGIN)",
        ),
        # limits on uploaded tables, checked before a file is read (core.spreadsheets)
        Setting(
            "IMPORT_MAX_BYTES", 1 << 30, "any uploaded table, in bytes (checked with stat before reading)"
        ),
        Setting(
            "IMPORT_MAX_ROWS",
            5_000_000,
            "CSV data rows (line ends counted before parsing; the CSV is then streamed in bounded memory)",
        ),
        Setting(
            "IMPORT_MAX_UNPACKED_BYTES",
            300 << 20,
            "files read whole into memory: an XLSX's uncompressed "
            "size (sum over its zip members, from the central directory), a JSON file's size",
        ),
        Setting(
            "IMPORT_XLSX_MAX_ROWS",
            200_000,
            "XLSX data rows (declared dimension, then counted while "
            "streaming the sheet); calamine holds a sheet in memory, about 3.5 KB per 28-column row",
        ),
        Setting(
            "IMPORT_XLSX_MAX_RATIO",
            100,
            "compression ratio allowed for any XLSX member of 1 MB or more "
            "(real workbooks: 5–20; a zip bomb: hundreds)",
        ),
        # the public site's footer (政府网站发展指引, 国办发〔2017〕47号): empty until the operator sets them
        Setting(
            "SITE_SPONSOR", "", "主办单位 shown in every page's footer (e.g. 深圳市罗湖区人民政府办公室)"
        ),
        Setting("SITE_OPERATOR", "", "承办单位 shown in the footer (the unit that runs the site)"),
        Setting(
            "SITE_CONTACT", "", "contact line of the footer (telephone, e-mail or address of the operator)"
        ),
        Setting("SITE_IDENTIFIER", "", "网站标识码 issued for government websites (10 characters)"),
        Setting("SITE_ICP", "", "ICP 备案号 (e.g. 粤ICP备xxxxxxxx号), linked to the MIIT register"),
        Setting(
            "SITE_PSB_RECORD",
            "",
            "公安机关互联网站备案号 (e.g. 粤公网安备 44030302000000号), linked to its record",
        ),
        Setting(
            "SITE_PSB_RECORD_URL",
            "",
            "link of the 公安备案 number; empty: the national register's page for the number's digits",
        ),
        # 好差评 (国办发〔2019〕51号): a poor rating goes to
        # the unit with a deadline on the working-day calendar
        Setting(
            "SERVICE_RATING_RECTIFY_WORKDAYS",
            15,
            "working days a unit has to rectify a poor rating (差评) and report back",
        ),
    )
    periodic = (
        Periodic("core.throttle_prune", "zhengwu.core.tasks.throttle_prune", "40 3 * * *",
                 "deletes public forms' throttle counts older than two days and spent proofs of work"),
        Periodic("core.database_analyse", "zhengwu.core.tasks.database_analyse", "50 3 * * *",
                 "refreshes SQLite's query-planner statistics (ANALYZE, sampled); nothing on PostgreSQL"),
    )

    # the units' list of poor ratings to rectify (好差评整改): a platform tool every staff member sees
    system = System(key="ratings", name=_("好差评整改"), url_name="ratings:list", order=40, tool=True,
                    description=_("群众差评的整改期限、整改情况与回访评价"))

    def ready(self):
        from zhengwu.core import checks  # noqa: F401 — registers the system checks (they read the app registry)
