from django.contrib import admin

from zhengwu.credit.models import ApiToken, CatalogItem, ImportBatch, Record


@admin.register(Record)
class RecordAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "unit", "subject_name", "decided_on", "status", "version", "state"]
    list_filter = ["kind", "status", "state", "unit"]
    search_fields = ["key", "decision_no", "subject_name", "uscc"]
    readonly_fields = [f.name for f in Record._meta.fields]  # changes go through imports (and the ledger)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["original_name", "unit", "kind", "status", "rows", "valid_rows", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]


@admin.register(CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "unit"]
    list_filter = ["kind", "unit"]
    search_fields = ["code", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "user", "is_active", "last_used_at"]
    readonly_fields = ["key_hash", "created_at", "last_used_at"]
