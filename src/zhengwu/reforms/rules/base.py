"""What every rule of the reform plan shares: the refusal (`RuleError`, a stable `code`) and dates
written YYYY-MM-DD (`parse_day`)."""

from datetime import date

from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.reforms.standard import (
    ISO_DATE,
)


class RuleError(ApplicationError):
    """A rule of the plan refused the input; `code` is stable, `message` is for people."""



def parse_day(value, field: str = "on") -> date:
    """A date written YYYY-MM-DD (only that form); `bad_date` naming the field and the value otherwise."""
    text = str(value if value is not None else "").strip()
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise RuleError(_("%(field)s 应为日期 YYYY-MM-DD，收到“%(v)s”。") % {"field": field, "v": text},
                        code="bad_date", field=field) from None
