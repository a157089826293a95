"""Before the unique constraints of 0004: cases stored twice by a source system (the race that 0004
closes) stay — they are governed records — but each later copy's source_id gets the suffix "~dup<id>"
so that the constraint can hold; API clients of the same name (their name is their events' source
system) get " #<id>" appended to all but the first."""

from django.db import migrations
from django.db.models import Count


def _suffixed(value: str, suffix: str, length: int = 64) -> str:
    return value[: length - len(suffix)] + suffix


def separate(apps, schema_editor):
    Event = apps.get_model("dispatch", "Event")
    ApiClient = apps.get_model("dispatch", "ApiClient")
    groups = (Event.objects.exclude(source_id="").values("source_system", "source_id")
              .annotate(n=Count("id")).filter(n__gt=1))
    for g in groups:
        ids = Event.objects.filter(source_system=g["source_system"], source_id=g["source_id"]).order_by("id")
        for pk in list(ids.values_list("id", flat=True))[1:]:
            Event.objects.filter(pk=pk).update(source_id=_suffixed(g["source_id"], f"~dup{pk}"))
    for g in ApiClient.objects.values("name").annotate(n=Count("id")).filter(n__gt=1):
        for pk in list(ApiClient.objects.filter(name=g["name"]).order_by("id").values_list("id", flat=True))[1:]:
            ApiClient.objects.filter(pk=pk).update(name=_suffixed(g["name"], f" #{pk}"))


class Migration(migrations.Migration):

    dependencies = [
        ("dispatch", "0003_photo_reencoded_format"),
    ]

    operations = [
        migrations.RunPython(separate, migrations.RunPython.noop),
    ]
