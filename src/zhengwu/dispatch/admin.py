"""Administrators edit the rules as data: taxonomy and its handling defaults, gazetteer, dispatch
rules, reply templates, API clients; events are read-only here (they change through services)."""


from django.contrib import admin, messages
from django.utils.translation import gettext as _

from zhengwu.core.tokens import new_token
from zhengwu.dispatch.models import (
    ApiClient,
    Category,
    ClassifierModel,
    DispatchRule,
    Event,
    Place,
    ReplyTemplate,
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


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Tokens are shown once — when a client is created or its token reissued — never stored in clear."""

    list_display = ("name", "channel", "is_active")
    readonly_fields = ("token_hash",)
    actions = ["reissue_tokens"]

    def save_model(self, request, obj, form, change):
        if not change:
            token = new_token()
            obj.token_hash = ApiClient.hash_token(token)
            super().save_model(request, obj, form, change)
            messages.warning(request, _("接口令牌（只显示这一次，请立即交给对接系统）：%(t)s") % {"t": token})
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("重新生成令牌"))
    def reissue_tokens(self, request, queryset):
        for client in queryset:
            messages.warning(request, _("%(name)s 的新令牌（只显示这一次）：%(t)s") % {"name": client.name,
                                                                                "t": client.reissue()})


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
