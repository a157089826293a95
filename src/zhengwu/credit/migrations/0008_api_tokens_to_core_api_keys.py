"""One way to authenticate a machine client: credit's own tokens (`Authorization: Token …`) become core.ApiKey
(`Authorization: Bearer …`, scope "credit.import"), keeping their hash, name, unit, user and use; an inactive
token becomes a revoked key. Then credit.ApiToken goes. Clients change only their header's word."""

from django.db import migrations
from django.utils import timezone

SCOPE = "credit.import"


def to_core(apps, schema_editor):
    ApiToken = apps.get_model("credit", "ApiToken")
    ApiKey = apps.get_model("core", "ApiKey")
    now = timezone.now()
    taken = set(ApiKey.objects.values_list("key_hash", flat=True))
    for token in ApiToken.objects.order_by("pk").iterator():
        if token.key_hash in taken:
            continue
        key = ApiKey.objects.create(name=token.name, scope=SCOPE, unit_id=token.unit_id, user_id=token.user_id,
                                    prefix="", key_hash=token.key_hash, last_used_at=token.last_used_at,
                                    revoked_at=None if token.is_active else now)
        ApiKey.objects.filter(pk=key.pk).update(created_at=token.created_at)  # auto_now_add on create


def to_credit(apps, schema_editor):
    ApiToken = apps.get_model("credit", "ApiToken")
    ApiKey = apps.get_model("core", "ApiKey")
    convertible = ApiKey.objects.filter(scope=SCOPE, unit__isnull=False, user__isnull=False)
    for key in convertible.iterator():
        token = ApiToken.objects.create(unit_id=key.unit_id, user_id=key.user_id, name=key.name,
                                        key_hash=key.key_hash, last_used_at=key.last_used_at,
                                        is_active=key.revoked_at is None)
        ApiToken.objects.filter(pk=token.pk).update(created_at=key.created_at)
    convertible.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0007_record_repairable_from"),
        ("core", "0002_api_key"),
    ]

    operations = [
        migrations.RunPython(to_core, to_credit),
        migrations.DeleteModel(name="ApiToken"),
    ]
