"""Reads of the intake API's clients (core.ApiKey with scope `dispatch.events`; see services.clients)."""

from django.db.models import Count, QuerySet

from zhengwu.core.models import ApiKey
from zhengwu.dispatch.standard import API_SCOPE


def client_keys(*, name: str | None = None) -> QuerySet:
    """Every key ever issued to the intake API's clients (revoked ones too), or to the one named."""
    qs = ApiKey.objects.filter(scope=API_SCOPE)
    return qs if name is None else qs.filter(name=name)


def shared_active_names() -> list[str]:
    """Names held by more than one active key: two systems that would share one source system."""
    return list(client_keys().filter(revoked_at__isnull=True).values("name").annotate(n=Count("id"))
                .filter(n__gt=1).order_by("name").values_list("name", flat=True))
