from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from zhengwu.core.periodic import Periodic


class CoreConfig(AppConfig):
    name = "zhengwu.core"
    label = "core"
    verbose_name = _("平台")
    periodic = (
        Periodic("core.throttle_prune", "zhengwu.core.tasks.throttle_prune", "40 3 * * *",
                 "deletes public forms' throttle counts older than two days and spent proofs of work"),
    )

    def ready(self):
        from zhengwu.core import checks  # noqa: F401 — registers the system checks
