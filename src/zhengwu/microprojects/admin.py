"""Admin of 民生微实事: read-only — records change through the services, which write the ledger."""

from django.contrib import admin

from zhengwu.microprojects.models import Expert, LibraryEntry, Project, Suggestion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnly):
    list_display = ("title", "unit", "year", "category", "amount", "step", "progress")
    list_filter = ("step", "category", "year")


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnly):
    list_display = ("title", "unit", "channel", "state", "created_at")
    list_filter = ("state", "channel")


@admin.register(LibraryEntry)
class LibraryEntryAdmin(ReadOnly):
    list_display = ("title", "level", "category", "kind", "unit")


@admin.register(Expert)
class ExpertAdmin(ReadOnly):
    list_display = ("name", "pool", "active")
