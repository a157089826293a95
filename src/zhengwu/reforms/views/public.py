"""The public reform-progress page (§三(四) 舆论引导): no account, no personal data, only what the reform
office publishes — the register (a public document) and, for published items, stage, light and milestones."""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengwu.core.render import twin
from zhengwu.reforms import selectors
from zhengwu.reforms.standard import SOURCE


@twin("reforms/public.html", cors=True)
def progress(request):
    data = selectors.public_progress(on=timezone.localdate())
    return data, {"source": SOURCE, "title": _("罗湖区改革进展")}
