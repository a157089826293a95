"""The intake API's clients become core.ApiKey keys (issue 11 §3: one way to authenticate a machine
client): each ApiClient is copied to an ApiKey with scope "dispatch.events" — its name (its events'
source system, unique since 0005), channel and token hash (the same SHA-256, so every issued token
keeps working); an inactive client's key is revoked now. The key's prefix is unknown (only the hash
was stored) and stays blank. Then the ApiClient table goes.

Backwards: the newest key of each name becomes an ApiClient again (the same hash), and the
"dispatch.events" keys are deleted."""

from django.db import migrations
from django.utils import timezone

SCOPE = "dispatch.events"


def clients_to_keys(apps, schema_editor):
    ApiClient = apps.get_model("dispatch", "ApiClient")
    ApiKey = apps.get_model("core", "ApiKey")
    now = timezone.now()
    ApiKey.objects.bulk_create([
        ApiKey(name=c.name, scope=SCOPE, channel=c.channel, prefix="", key_hash=c.token_hash,
               revoked_at=None if c.is_active else now)
        for c in ApiClient.objects.order_by("id")
    ])


def keys_to_clients(apps, schema_editor):
    ApiClient = apps.get_model("dispatch", "ApiClient")
    ApiKey = apps.get_model("core", "ApiKey")
    newest = {}
    for key in ApiKey.objects.filter(scope=SCOPE).order_by("created_at", "id"):
        newest[key.name] = key
    ApiClient.objects.bulk_create([
        ApiClient(name=k.name, channel=k.channel or "system", token_hash=k.key_hash, is_active=k.revoked_at is None)
        for k in newest.values()
    ])
    ApiKey.objects.filter(scope=SCOPE).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("dispatch", "0005_one_case_per_source_id_and_idempotency_key"),
        ("core", "0002_api_key"),
    ]

    operations = [
        migrations.RunPython(clients_to_keys, keys_to_clients),
        migrations.DeleteModel(name="ApiClient"),
    ]
