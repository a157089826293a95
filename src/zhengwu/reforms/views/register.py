"""The register (7 projects, 42 items, units and stage) and its JSON twin."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from zhengwu.core.render import twin
from zhengwu.reforms import selectors
from zhengwu.reforms.standard import PROJECTS, SOURCE, STAGE_LABELS, Stage


@login_required
@twin("reforms/index.html")
def index(request):
    items = selectors.register_items()
    by_project = [{"number": p.number, "numeral": p.numeral, "title": p.title, "group": p.group,
                   "leader": p.leader,
                   "items": [{**i, "status_label": STAGE_LABELS[Stage(i["status"])]} for i in items
                             if i["number"] in p.items]}
                  for p in PROJECTS]
    return {"items": items}, {"projects": by_project, "source": SOURCE, "system_title": _("改革督查")}
