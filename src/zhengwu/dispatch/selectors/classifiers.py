"""Reads of the classifier: the active model version, its suggestions for an event, and the training
data the database holds (closed events and the dispatchers' triage decisions).

Callers use `classifiers.active_classifier()` through this module (not a re-export), so that tests
can put a classifier of their own in one place (`dispatch/tests/conftest.py::classify_as`).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage

from zhengwu.core.conf import setting
from zhengwu.dispatch.models import ClassifierModel, Event
from zhengwu.dispatch.standard import State

_MODEL_CACHE: dict[str, object] = {}


def active_classifier():
    """The newest active trained model (a `rules.classifier.Classifier`, from the default storage), else
    the shipped default (fitted once per process, `classifier.default`)."""
    # deferred: numpy and scikit-learn load when a model is first needed, not with every page's imports
    from zhengwu.dispatch.rules import classifier

    row = ClassifierModel.objects.filter(is_active=True).order_by("-created_at", "-id").first()
    if row is None:
        return shipped_default()
    if row.version not in _MODEL_CACHE:
        try:
            with default_storage.open(row.file, "rb") as f:
                _MODEL_CACHE.clear()
                _MODEL_CACHE[row.version] = classifier.loads(f.read())
        except (OSError, ValueError, EOFError):
            return shipped_default()
    return _MODEL_CACHE[row.version]


def model_cache_dir() -> Path | None:
    """Where the fitted shipped default is kept between processes (DISPATCH_MODEL_CACHE_DIR; None:
    VAR_DIR/cache; "": not kept)."""
    configured = setting("DISPATCH_MODEL_CACHE_DIR")
    if configured is None:
        return Path(settings.VAR_DIR) / "cache"
    return Path(configured) if configured else None


def shipped_default():
    """The shipped default model (`classifier.default`): fitted once per process, or read from the
    model cache where another process left it fitted from the same inputs."""
    from zhengwu.dispatch.rules import classifier  # deferred: see active_classifier

    return classifier.default(model_cache_dir())


def label_suggestions(event: Event, k: int = 3) -> list[tuple[str, float]]:
    """The active classifier's k most likely first-level classes for this event, most likely first
    (a dispatcher classifying by hand sees what the model hesitated between)."""
    return active_classifier().ranked(event.title, event.text, k)


def training_rows() -> tuple[list[str], list[str], list[str]]:
    """(titles, texts, labels) of closed or triaged events: the triage label, else the category's class."""
    titles, texts, labels = [], [], []
    qs = Event.objects.filter(state=State.CLOSED) | Event.objects.exclude(triage_label="")
    for title, text, triage, level1 in qs.values_list("title", "text", "triage_label", "category__level1"):
        label = triage or level1
        if label:
            titles.append(title)
            texts.append(text)
            labels.append(label)
    return titles, texts, labels


def model_count() -> int:
    """How many model versions were ever stored (the next version's number follows it)."""
    return ClassifierModel.objects.count()
