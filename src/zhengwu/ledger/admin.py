from django.contrib import admin

from zhengwu.ledger.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only, even for administrators."""

    list_display = ["seq", "created_at", "actor_label", "action", "object_type", "object_id", "unit"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_label", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
