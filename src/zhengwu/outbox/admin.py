from django.contrib import admin

from zhengwu.outbox.models import Attempt, Destination, Message


@admin.register(Destination)
class DestinationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url", "is_active", "timeout_seconds", "max_attempts"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "url"]


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "started_at", "duration_ms", "outcome", "http_status", "error"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: messages change state through services (delivery, retry-now on the failures screen)."""

    list_display = [
        "id",
        "topic",
        "idempotency_key",
        "destination",
        "state",
        "attempts",
        "created_at",
        "unit",
    ]
    list_filter = ["state", "destination", "topic"]
    search_fields = ["idempotency_key", "source_id"]
    readonly_fields = [f.name for f in Message._meta.fields]
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
