"""Admin of 律师驻队: read-only — firms, contracts, records, assessments and replacements change through the
app's services, which write the ledger."""

from django.contrib import admin

from zhengwu.lawyers.models import (
    Assessment,
    Contract,
    Firm,
    MilestoneProgress,
    Person,
    Replacement,
    WorkRecord,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Firm)
class FirmAdmin(ReadOnly):
    list_display = ("name", "practising_lawyers", "admin_staff", "listed", "checked_on")
    list_filter = ("listed",)


@admin.register(Person)
class PersonAdmin(ReadOnly):
    list_display = ("name", "kind", "firm")


@admin.register(Contract)
class ContractAdmin(ReadOnly):
    list_display = ("unit", "firm", "lawyer", "starts_on", "ends_on", "state")


@admin.register(WorkRecord)
class WorkRecordAdmin(ReadOnly):
    list_display = ("day", "unit", "person", "kind", "hours")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly):
    list_display = ("contract", "year", "score", "recommendation")


@admin.register(Replacement)
class ReplacementAdmin(ReadOnly):
    list_display = ("contract", "outgoing", "incoming", "state")


@admin.register(MilestoneProgress)
class MilestoneProgressAdmin(ReadOnly):
    list_display = ("year", "code", "unit", "done_on")
