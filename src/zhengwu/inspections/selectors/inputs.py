"""The draw's inputs from the libraries: entities and inspectors as the pure draw sees them (ids only, no
names: the published inputs carry no personal data)."""

from collections import Counter
from datetime import date

from zhengwu.inspections import rules, standard
from zhengwu.inspections.models import Batch, Entity, Inspector, Item, Task
from zhengwu.inspections.rules.drawing import to_fraction
from zhengwu.inspections.standard import CLASS_RATIOS


def batch_items(batch: Batch) -> list[Item]:
    return list(batch.items.select_related("department").order_by("department__code", "code"))


def item_facts(item: Item) -> standard.InspectionItem:
    return standard.InspectionItem(
        code=item.code,
        name=item.name,
        legal_basis=item.legal_basis,
        inspecting_body=item.department.code,
        object_type=item.object_type,
        ratio=to_fraction(item.ratio),
        frequency=item.frequency,
        methods=tuple(item.methods),
        item_class=item.item_class,
        valid_from=item.valid_from,
        valid_to=item.valid_to,
        field=item.field,
    )


def cycle_visits(year: int) -> list[rules.Visit]:
    """The year's visits (the cycle) that were not cancelled, as the pure rules see them."""
    tasks = (
        Task.objects.filter(assigned_on__year=year)
        .exclude(state=Task.State.CANCELLED)
        .select_related("entity")
    )
    return [rules.Visit(object_id=t.entity.code, departments=tuple(sorted({d for d, _c in t.items})),
                        items=tuple(sorted(tuple(x) for x in t.items))) for t in tasks]


def draw_inputs(batch: Batch, *, on: date) -> tuple[list, list, rules.Spec, list]:
    """(objects, inspectors, spec, excluded) for a draw of `batch` on day `on`.

    Objects: every active entity, with its last random inspection (day and inspectors), its random inspections
    this year across all departments, its effective credit class (when the batch draws by class) and, for a
    joint batch, the departments whose items it merges. Entities whose every batch item a visit of this year's
    cycle already covered are left out (`excluded`: [(code, "already_covered")])."""
    items = batch_items(batch)
    departments = tuple(sorted({i.department.code for i in items}))
    by_class = batch.ratio is None
    visits = cycle_visits(on.year)
    last: dict[int, Task] = {}
    this_year: Counter = Counter()
    for t in (
        Task.objects.filter(kind=Task.Kind.RANDOM).exclude(state=Task.State.CANCELLED).order_by("assigned_on")
    ):
        last[t.entity_id] = t
        if t.assigned_on.year == on.year:
            this_year[t.entity_id] += 1
    objects, excluded = [], []
    for e in Entity.objects.filter(is_active=True).select_related("street").order_by("id"):
        if items and all(rules.already_covered(visits, object_id=e.code, item_code=i.code) for i in items):
            excluded.append((e.code, "already_covered"))
            continue
        prev = last.get(e.pk)
        objects.append(rules.InspectionObject(
            id=e.code, street=e.street.code, industry=e.industry, risk=e.risk,
            credit_class=rules.effective_class(e.credit_class, abnormal=e.abnormal, complaints=e.complaints)
            if by_class else "",
            last_inspected=prev.assigned_on if prev else None,
            last_inspectors=frozenset(prev.inspectors) if prev else frozenset(),
            inspections_this_year=this_year[e.pk], departments=departments if len(departments) > 1 else ()))
    inspectors = []
    for i in (
        Inspector.objects.filter(is_active=True)
        .select_related("unit", "street")
        .prefetch_related("conflicts")
    ):
        inspectors.append(rules.Inspector(
            id=i.code, unit=i.unit.code, street=i.street.code if i.street else "", fields=frozenset(i.fields),
            conflicts=frozenset(e.code for e in i.conflicts.all()), certified=i.certificate_until is not None,
            certificate_until=i.certificate_until, support_only=i.support_only))
    if len(departments) == 1:  # one department's batch: its own inspectors only
        inspectors = [i for i in inspectors if i.unit == departments[0]]
    spec = rules.Spec(per_object=batch.per_object, policy=rules.DEFAULT_POLICY, on=on,
                      ratio=None if by_class else to_fraction(batch.ratio),
                      class_ratios=dict(CLASS_RATIOS) if by_class else None)
    return objects, inspectors, spec, excluded
