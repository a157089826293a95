"""The citizen's rating of the reply (满意 / 基本满意 / 不满意, item 32): satisfied closes the case,
unsatisfied reopens it for the dispatcher. The citizen proves the case with the reporter's phone."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch import rules
from zhengwu.dispatch.models import Event
from zhengwu.dispatch.services.lifecycle import guard
from zhengwu.dispatch.services.trail import change, state_change, track
from zhengwu.dispatch.standard import RATING_LABELS, Action, State
from zhengwu.ledger.services import record_many


@transaction.atomic
def event_rate(event: Event, *, rating: str, phone: str, comment: str = "") -> Event:
    """Rate a replied event: two ledger entries (rated, then closed or reopened), both by "public"."""
    if not rules.phone_matches(phone, event.reporter_phone):
        raise ApplicationError(
            _("受理编号与联系电话不匹配。"), code="phone_mismatch", field="phone", status=403
        )
    new_state = guard(event, "rate", "public", rating=rating)
    before = track(event) | {"state": event.state}
    event.state, event.rating, event.rating_comment = new_state, rating, (comment or "").strip()[:500]
    changes = [change(Action.RATED, event, before, note=str(RATING_LABELS.get(rating, rating)))]
    if new_state == State.CLOSED:
        event.closed_at = timezone.now()
        changes.append(state_change(Action.CLOSED, event, State.REPLIED, State.CLOSED, _("群众评价后结案")))
    else:
        event.reopen_count += 1
        changes.append(
            state_change(Action.REOPENED, event, State.REPLIED, State.REOPENED, _("群众不满意，重新办理"))
        )
    event.save()
    record_many(changes, actor="public")
    return event
