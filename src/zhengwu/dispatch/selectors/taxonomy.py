"""Reads of the classification standard: the first-level classes, the leaf of a class that fits a
message, and the unified reply drafted from a class's template."""

from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Category, Event, ReplyTemplate


def level1_choices() -> list[str]:
    """The first-level classes (for the dispatcher's manual classification)."""
    return list(Category.objects.order_by("level1").values_list("level1", flat=True).distinct())


def active_categories():
    """Every active leaf, in the standard's order (the re-categorising form's choices)."""
    return Category.objects.filter(is_active=True).order_by("level1", "level2", "level3")


def category_for(label: str, text: str) -> Category | None:
    """The active leaf of first-level class `label` that best matches the text (`rules.pick_category`)."""
    if not label:
        return None
    return rules.pick_category(list(Category.objects.filter(level1=label, is_active=True)
                                    .select_related("department")), text)


def reply_text(event: Event, template: ReplyTemplate | None = None) -> str:
    """The reply drafted from the class's template (统一回复),
    else the generic template stored, else the built-in one."""
    template = template or (ReplyTemplate.objects.filter(level1=event.label).first()
                            or ReplyTemplate.objects.filter(level1="").first())
    body = template.body if template else rules.generic_template()
    return rules.fill_reply(body, title=event.title, result=event.result, unit=str(event.unit or ""),
                            case_no=event.case_no)
