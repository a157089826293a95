"""Configuration the workflow reads: the libraries, expert pools, councils, budgets, the register of
government investment projects (附件1 names who keeps each: standard.ROLES)."""

from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.ledger.services import record, snapshot
from zhengwu.microprojects import rules
from zhengwu.microprojects.models import Budget, Council, Expert, GovernmentProject, LibraryEntry
from zhengwu.microprojects.services.common import allow, text
from zhengwu.microprojects.services.workflow import _amount
from zhengwu.microprojects.standard import EXPERT_POOLS, ROLES, Category, Kind
from zhengwu.org.models import Unit


def _unit_for(role: str) -> Unit:
    return Unit.objects.get(code=ROLES[role][0])


def library_publish(
    *,
    actor,
    category: str,
    kind: str,
    title: str,
    body: str = "",
    guide: str = "",
    standard: str = "",
    reference_amount=0,
    level: str = LibraryEntry.Level.DISTRICT,
) -> LibraryEntry:
    """§四(二): 区社工委 publishes engineering projects, 区民政局 service projects (附件1); city entries are
    copied in by the same units."""
    try:
        category, kind = Category(category), Kind(kind)
    except ValueError:
        raise ApplicationError(_("类别或必选/自选无效。"), code="invalid", field="category") from None
    unit = _unit_for(f"{category}_library")
    allow(actor, "library.publish", unit)
    if level not in LibraryEntry.Level.values:
        raise ApplicationError(_("未知层级。"), code="invalid", field="level")
    with transaction.atomic():
        entry = LibraryEntry.objects.create(
            unit=unit,
            level=level,
            category=category,
            kind=kind,
            title=text(title, "title", limit=rules.MAX_TITLE),
            text=text(body, "text", limit=20_000, required=False),
            guide=text(guide, "guide", limit=20_000, required=False),
            standard=text(standard, "standard", limit=20_000, required=False),
            reference_amount=Decimal(str(reference_amount or 0)),
        )
        record(action="microprojects.library.published", obj=entry, actor=actor, after=snapshot(entry))
    return entry


def expert_register(*, actor, pool: str, name: str, fields: list[str], interests: list[str] = ()) -> Expert:
    """§四(三): 区住房建设局 keeps the engineering pool,
    区民政局 the service pool, by the fields the seed names."""
    try:
        category = Category(pool)
    except ValueError:
        raise ApplicationError(_("未知专家库。"), code="invalid", field="pool") from None
    allow(actor, "config.experts", _unit_for(f"{category}_expert_pool"))
    known = set(EXPERT_POOLS[category].fields)
    if not fields or set(fields) - known:
        raise ApplicationError(
            _("专业须为：%(f)s") % {"f": "、".join(EXPERT_POOLS[category].fields)},
            code="invalid",
            field="fields",
        )
    with transaction.atomic():
        expert = Expert.objects.create(pool=category, name=text(name, "name", limit=64), fields=list(fields),
                                       interests=[str(i)[:100] for i in interests])
        record(action="microprojects.expert.registered", obj=expert, actor=actor,
               after={"id": expert.pk, "pool": category, "fields": expert.fields})
    return expert


def council_configure(*, actor, unit: Unit, members: int, quorum: str = "1/2", quorum_inclusive: bool = False,
                      majority: str = "1/2", majority_base: str = "votes_cast",
                      majority_inclusive: bool = False) -> Council:
    """A community's residents' council and its rules (罗湖十条: quorum and majority are configuration)."""
    allow(actor, "config.council", unit)
    try:
        rules.CouncilRules(
            Fraction(quorum), quorum_inclusive, Fraction(majority), majority_base, majority_inclusive
        )
        if not isinstance(members, int) or members < 1:
            raise ValueError
    except (ValueError, ZeroDivisionError):
        raise ApplicationError(_("议事规则无效：法定人数比例在 0–1 之间，通过比例小于 1，成员数为正整数。"),
                               code="council.invalid_rules") from None
    with transaction.atomic():
        council, _created = Council.objects.update_or_create(unit=unit, defaults=dict(
            members=members, quorum=quorum, quorum_inclusive=quorum_inclusive, majority=majority,
            majority_base=majority_base, majority_inclusive=majority_inclusive))
        record(action="microprojects.council.configured", obj=council, actor=actor, after=snapshot(council))
    return council


def budget_set(*, actor, unit: Unit, year: int, amount) -> Budget:
    """A street's or community's yearly budget (§七(三))."""
    allow(actor, "config.budget", unit)
    with transaction.atomic():
        budget, _created = Budget.objects.update_or_create(unit=unit, year=int(year),
                                                           defaults={"amount": _amount(amount, "amount")})
        record(action="microprojects.budget.set", obj=budget, actor=actor, after=snapshot(budget))
    return budget


def government_project_register(*, actor, name: str, status: str, unit: Unit) -> GovernmentProject:
    """§一: a planned or ongoing government investment project (micro-projects must not duplicate it)."""
    allow(actor, "config.government_projects", unit)
    if status not in GovernmentProject.Status.values:
        raise ApplicationError(_("状态须为拟建或在建。"), code="invalid", field="status")
    with transaction.atomic():
        gp = GovernmentProject.objects.create(name=text(name, "name", limit=200), status=status, unit=unit)
        record(action="microprojects.government_project.registered", obj=gp, actor=actor, after=snapshot(gp))
    return gp
