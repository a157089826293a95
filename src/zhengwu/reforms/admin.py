from django.contrib import admin

from zhengwu.reforms.models import Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Read-only: items change through the app's services, which write the ledger."""

    list_display = ("title", "unit", "state", "created_at")
    list_filter = ("state",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
