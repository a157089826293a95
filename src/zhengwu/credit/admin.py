from django.contrib import admin

from zhengwu.credit.models import (
    Campaign,
    CatalogItem,
    CatalogSubmission,
    ConfidentialityReview,
    ImportBatch,
    Objection,
    Record,
    Repair,
)


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


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Backlog campaigns are configuration: administrators edit dates here."""

    list_display = ["name", "decided_from", "decided_to", "in_force_on", "deadline"]


@admin.register(ConfidentialityReview)
class ConfidentialityReviewAdmin(admin.ModelAdmin):
    list_display = ["record", "decision", "reviewer", "decided_at"]
    list_filter = ["decision"]
    readonly_fields = [f.name for f in ConfidentialityReview._meta.fields]  # written by the workflow only


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["record", "name", "state", "outcome", "due_on", "submitted_at"]
    list_filter = ["state", "outcome"]
    readonly_fields = [f.name for f in Objection._meta.fields]  # answered on the unit's page (ledger)


@admin.register(CatalogSubmission)
class CatalogSubmissionAdmin(admin.ModelAdmin):
    list_display = ["unit", "round", "status", "submitted_at", "due_on"]
    list_filter = ["round", "status"]
    readonly_fields = [f.name for f in CatalogSubmission._meta.fields]


@admin.register(Repair)
class RepairAdmin(admin.ModelAdmin):
    list_display = ["record", "applicant", "channel", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "channel"]
    readonly_fields = [f.name for f in Repair._meta.fields]  # decided on the unit's page (ledger, withdrawal)
