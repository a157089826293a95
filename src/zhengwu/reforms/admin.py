from django.contrib import admin

from zhengwu.reforms.models import Evaluation, Inspection, Milestone, Notice, Plan, ProgressReport, Reminder


class _ReadOnly(admin.ModelAdmin):
    """Read-only: plans change through the app's services, which write the ledger."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("title", "deliverable", "unit", "due_on", "done_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(_ReadOnly):
    list_display = ("item_number", "unit", "stage", "responsible", "registered_on")
    list_filter = ("stage",)
    inlines = [MilestoneInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(_ReadOnly):
    list_display = ("plan", "reported_on", "created_by")


@admin.register(Reminder)
class ReminderAdmin(_ReadOnly):
    list_display = ("plan", "kind", "unit", "due_on", "created_on", "escalated_to")
    list_filter = ("kind",)


@admin.register(Notice)
class NoticeAdmin(_ReadOnly):
    list_display = ("kind", "level", "unit", "issuer", "issued_on", "deadline", "answered_on", "verified_on")
    list_filter = ("kind", "level")


@admin.register(Evaluation)
class EvaluationAdmin(_ReadOnly):
    list_display = ("unit", "evaluator", "period_start", "period_end", "score")


@admin.register(Inspection)
class InspectionAdmin(_ReadOnly):
    list_display = ("kind", "title", "held_on", "item_number")
    list_filter = ("kind",)
