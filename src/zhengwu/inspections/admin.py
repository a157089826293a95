"""Admin of 双随机: the libraries (entities, inspectors, items, plans, batches) are kept here; draws and tasks
are read-only — they change only through the services, which write the ledger."""

from django.contrib import admin

from zhengwu.inspections.models import (
    Batch,
    Draw,
    Entity,
    Evaluation,
    Inspector,
    InspectorSwap,
    Item,
    Plan,
    Task,
)


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "uscc", "street", "industry", "risk", "credit_class", "is_active")
    list_filter = ("risk", "credit_class", "street")
    search_fields = ("name", "uscc")


@admin.register(Inspector)
class InspectorAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "street", "certificate_until", "support_only", "is_active")
    filter_horizontal = ("conflicts",)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "department", "item_class", "valid_from", "valid_to")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "unit")


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "ratio", "scheduled_on")
    filter_horizontal = ("items",)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Draw)
class DrawAdmin(ReadOnly):
    list_display = ("batch", "state", "drawn_on", "commitment")
    exclude = ("seed",)  # the seed stays out of sight until the draw's public record shows it


@admin.register(Task)
class TaskAdmin(ReadOnly):
    list_display = ("entity", "kind", "unit", "state", "completed_on", "due_on", "published_on")


admin.site.register(InspectorSwap, ReadOnly)
admin.site.register(Evaluation, ReadOnly)
