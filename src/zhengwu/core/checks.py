"""System checks: every app's periodic-job declarations are valid (core.periodic)."""

from django.core import checks


@checks.register()
def periodic_jobs_valid(app_configs=None, **kwargs) -> list:
    """core.E001: a periodic job with a duplicate name, a bad cron expression or a task that does not import."""
    from zhengwu.core.periodic import declared_jobs, problems

    return [checks.Error(f"periodic job: {p}", id="core.E001") for p in problems(declared_jobs())]
