from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.conf import Setting
from zhengwu.core.systems import LedgerAction, System


class OrgConfig(AppConfig):
    name = "zhengwu.org"
    label = "org"
    verbose_name = _("组织机构")
    system = System(
        key="org",
        name=_("组织机构"),
        url_name="org:unit_list",
        description=_("单位、街道、社区与人员角色"),
        order=10,
        tool=True,
    )
    ledger_actions = (
        LedgerAction("org.unit.created", "a unit was added by loading the reference units"),
        LedgerAction(
            "org.unit.updated", "a unit's name, kind or parent changed when loading the reference units"
        ),
        LedgerAction("org.unit.deactivated", "a unit no longer in the reference units was deactivated"),
        LedgerAction("org.unit.contact_updated", "a unit's leader changed its contact details"),
        LedgerAction("org.membership.granted", "a person was given a role in a unit"),
        LedgerAction("org.membership.revoked", "a person's role in a unit was withdrawn"),
        LedgerAction("org.user.created", "an account was created (demo data, administrators' tools)"),
    )
    settings = (
        Setting(
            "PRODUCTION",
            False,
            "set from ZHENGWU_PRODUCTION: HTTPS-only cookies, HSTS and SSL redirect, and "
            "demo data (its accounts share a published password) refused",
        ),
    )
    periodic = ()
    provides = {}
