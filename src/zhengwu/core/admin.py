from django.contrib import admin

from zhengwu.core.models import PeriodicRun, ThrottleAlert


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    """Read-only: the schedule is declared in code (core.periodic); run a job now with `zhengwu schedule run`."""

    list_display = ("name", "cron", "next_run_at", "last_run_at", "last_task_id", "last_note")
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ThrottleAlert)
class ThrottleAlertAdmin(admin.ModelAdmin):
    """Read-only: alerts are raised by core.throttle when a public form refuses a flood."""

    list_display = ("scope", "label", "limit", "seconds", "first_at", "last_at", "refused")
    list_filter = ("scope",)
    readonly_fields = ("scope", "key", "label", "limit", "seconds", "first_at", "last_at", "refused")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
