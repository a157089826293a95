from django.contrib import admin

from zhengwu.ledger.services import record, snapshot
from zhengwu.workdays.models import Override


@admin.register(Override)
class OverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "name", "note"]
    list_filter = ["is_workday"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        before = snapshot(Override.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record(
            action="workdays.override.set", obj=obj, actor=request.user, before=before, after=snapshot(obj)
        )

    def delete_model(self, request, obj):
        before = snapshot(obj)
        super().delete_model(request, obj)
        record(action="workdays.override.deleted", object_type="workdays.override", object_id=before["id"],
               actor=request.user, before=before)
