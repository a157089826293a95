"""Photos of an event (the citizen's report, the handling unit's result): decoded and re-encoded before
anything is stored (core.uploads), stored under generated names; older photos re-encoded once."""

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from zhengwu.core import uploads
from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.models import Event, Photo
from zhengwu.dispatch.standard import MAX_PHOTO_BYTES, MAX_PHOTOS, Action
from zhengwu.ledger.services import record


def clean_photos(photos) -> list[uploads.CleanImage]:
    """Every photo decoded and re-encoded (core.uploads), before anything is stored; ApplicationError
    names the first file that is not an image, is damaged, empty or too large (`too_many_photos` past
    MAX_PHOTOS)."""
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ApplicationError(_("最多上传 %(n)s 张照片。") % {"n": MAX_PHOTOS}, field="photos",
                               code="too_many_photos")
    return [uploads.clean_image(p, field="photos", max_bytes=MAX_PHOTO_BYTES) for p in photos]


def photos_store(event: Event, kind: str, images: list[uploads.CleanImage]) -> list[Photo]:
    """Store re-encoded photos (from `clean_photos`) under
    their generated names (in the caller's transaction)."""
    return [Photo.objects.create(event=event, kind=kind, image=image.content, content_type=image.content_type,
                                 width=image.width, height=image.height) for image in images]


def photos_reencode_stored(*, actor=None) -> tuple[int, list[str]]:
    """Re-encode photos stored before uploads were re-encoded (blank `content_type`): (done, refusals).

    Each is decoded and re-encoded like a new upload, stored under a generated name, the old file
    deleted, one ledger entry per photo (old and new file). A file that is not an image is left as it
    is — served only as a download — and named in the refusals. Idempotent."""
    done, refused = 0, []
    for photo in Photo.objects.filter(content_type="").select_related("event").order_by("pk").iterator():
        old = photo.image.name
        try:
            with default_storage.open(old, "rb") as fh:
                image = uploads.clean_image(File(fh, name=old), field="image")
        except ApplicationError as exc:
            refused.append(f"{photo.event.case_no} #{photo.pk}: {exc.message}")
            continue
        except OSError as exc:
            refused.append(f"{photo.event.case_no} #{photo.pk}: {exc.strerror or exc}")
            continue
        with transaction.atomic():
            photo.image.save(image.name, image.content, save=False)
            photo.content_type, photo.width, photo.height = image.content_type, image.width, image.height
            photo.save(update_fields=["image", "content_type", "width", "height"])
            record(action=Action.PHOTO_REENCODED, obj=photo, actor=actor, unit=photo.event.unit_id,
                   before={"file": old}, after={"file": photo.image.name, "content_type": image.content_type})
            transaction.on_commit(lambda name=old: default_storage.delete(name))
        done += 1
    return done, refused
