from django.contrib import admin

from zhengwu.core.models import PeriodicRun


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    """Read-only: the schedule is declared in code (core.periodic); run a job now with `zhengwu schedule run`."""

    list_display = ("name", "cron", "next_run_at", "last_run_at", "last_task_id", "last_note")
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
