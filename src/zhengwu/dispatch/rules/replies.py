"""The unified reply (统一回复, item 32): a class's template filled with the event's values."""

from django.utils.translation import gettext as _

#: The placeholders a reply template may hold.
PLACEHOLDERS = ("title", "result", "unit", "case_no")


def generic_template() -> str:
    """The reply used when no template is stored."""
    return _("您好！您反映的“{title}”已由{unit}办理：{result}感谢您的监督与支持。")


def fill_reply(template: str, *, title: str, result: str, unit: str, case_no: str) -> str:
    """The template with {title} {result} {unit} {case_no} replaced (other braces are left as written).

    >>> fill_reply("“{title}”：{result}", title="路灯", result="已修复", unit="", case_no="")
    '“路灯”：已修复'
    """
    values = {"title": title, "result": result, "unit": unit, "case_no": case_no}
    for key in PLACEHOLDERS:
        template = template.replace("{" + key + "}", values[key])
    return template
