"""Administrators edit the rules as data: taxonomy and its handling defaults, gazetteer, dispatch
rules, reply templates, classifier versions; events are read-only here (they change through services).
The intake API's client keys are core's (core.ApiKey, scope "dispatch.events"): issued and revoked in
core's admin or with `zhengwu dispatch issue-key / rotate-key / revoke-key`."""


from django.contrib import admin

from zhengwu.dispatch.models import (
    Category,
    ClassifierModel,
    DispatchRule,
    Event,
    Place,
    ReplyTemplate,
    SupervisionRule,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("level1", "level2", "level3", "department", "default_tier", "needs_enforcement",
                    "accept_limit", "accept_unit", "resolve_limit", "resolve_unit", "is_active")
    list_filter = ("level1", "default_tier", "needs_enforcement", "is_active")
    list_editable = ("default_tier", "needs_enforcement", "accept_limit", "resolve_limit")
    search_fields = ("level1", "level2", "level3", "keywords")
    autocomplete_fields = ("department",)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "street", "community")
    list_filter = ("kind", "street")
    search_fields = ("name",)


@admin.register(DispatchRule)
class DispatchRuleAdmin(admin.ModelAdmin):
    list_display = ("priority", "name", "tier", "keywords", "level1", "crosses_streets", "needs_enforcement",
                    "unit", "is_active")
    list_editable = ("is_active",)


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "level1")


@admin.register(ClassifierModel)
class ClassifierModelAdmin(admin.ModelAdmin):
    list_display = ("version", "rows", "macro_f1", "created_at", "is_active")
    list_editable = ("is_active",)
    readonly_fields = ("version", "file", "rows", "macro_f1", "created_at")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("case_no", "title", "channel", "state", "unit", "received_at")
    list_filter = ("state", "channel", "tier")
    search_fields = ("case_no", "title")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SupervisionRule)
class SupervisionRuleAdmin(admin.ModelAdmin):
    """督办单 rules as data (run by the periodic job dispatch.supervision; orders change through services)."""

    list_display = ("name", "trigger", "level", "n", "m_days", "keywords", "reply_workdays", "is_active")
    list_filter = ("trigger", "level", "is_active")
    list_editable = ("is_active",)
