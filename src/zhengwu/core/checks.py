"""System checks: every app's periodic-job declarations
are valid (core.periodic); uploads never under static."""

from pathlib import Path

from django.conf import settings
from django.core import checks

from zhengwu.core import periodic
from zhengwu.core.conf import setting


@checks.register()
def periodic_jobs_valid(app_configs=None, **kwargs) -> list:
    """core.E001: a periodic job with a duplicate name, a
    bad cron expression or a task that does not import."""
    return [
        checks.Error(f"periodic job: {p}", id="core.E001")
        for p in periodic.problems(periodic.declared_jobs())
    ]


@checks.register(checks.Tags.security)
def uploads_apart_from_static(app_configs=None, **kwargs) -> list:
    """core.E002: uploaded files must never be reachable under the static path, the one path the pages'
    script-src allows (core.csp), nor stored inside the collected static files."""
    errors = []
    static_url, media_url = settings.STATIC_URL or "", settings.MEDIA_URL or ""
    if static_url and media_url.startswith(static_url):
        errors.append(
            checks.Error(
                f"MEDIA_URL {media_url!r} lies under STATIC_URL {static_url!r}: uploaded files "
                "would be allowed as scripts by the pages' CSP.",
                id="core.E002",
            )
        )
    if settings.STATIC_ROOT and settings.MEDIA_ROOT:
        static_root, media_root = Path(settings.STATIC_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()
        if media_root == static_root or static_root in media_root.parents:
            errors.append(
                checks.Error(
                    f"MEDIA_ROOT {media_root} lies inside STATIC_ROOT {static_root}: uploaded "
                    "files would be served as static files.",
                    id="core.E002",
                )
            )
    origin = setting("UPLOADS_ORIGIN")
    if origin and not origin.startswith(("https://", "http://")):
        errors.append(checks.Error(f"UPLOADS_ORIGIN {origin!r} must be an origin such as https://files.example",
                                   id="core.E002"))
    return errors
