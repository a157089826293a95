from django.contrib import admin

from zhengwu.core.models import PeriodicRun, ServiceRating, ThrottleAlert


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    """Read-only: the schedule is declared in code
    (core.periodic); run a job now with `zhengwu schedule run`."""

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


@admin.register(ServiceRating)
class ServiceRatingAdmin(admin.ModelAdmin):
    """Read-only: a resident's 好差评 is never changed or deleted by staff (core.ratings); units report their
    rectification on the 好差评整改 page."""

    list_display = (
        "system",
        "subject",
        "unit",
        "level",
        "state",
        "rectify_due",
        "follow_up_level",
        "created_at",
    )
    list_filter = ("system", "state", "level")
    search_fields = ("subject",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
