"""Training and storing classifier versions: from a CSV or from the database's own history
(closed events, with the dispatcher's triage decision taking precedence over the prediction)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from zhengwu.dispatch import classifier
from zhengwu.dispatch.models import ClassifierModel, Event
from zhengwu.dispatch.standard import Action, State
from zhengwu.ledger.services import record


def history_rows() -> tuple[list[str], list[str], list[str]]:
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


def next_version() -> str:
    return f"v{ClassifierModel.objects.count() + 1}-{timezone.localdate():%Y%m%d}"


@transaction.atomic
def model_store(model: classifier.Classifier, *, actor=None, macro_f1: float | None = None) -> ClassifierModel:
    """Save a fitted model through the default storage and make it the active version."""
    name = default_storage.save(f"dispatch/models/{model.version}.pickle", ContentFile(model.dumps()))
    row = ClassifierModel.objects.create(version=model.version, file=name, rows=model.rows, macro_f1=macro_f1)
    record(action=Action.MODEL_TRAINED, obj=row, actor=actor, after={"version": row.version, "rows": row.rows,
                                                                      "macro_f1": macro_f1}, unit=None)
    return row


def model_train(titles, texts, labels, *, actor=None, version: str = "", evaluate: bool = False) -> ClassifierModel:
    """Fit, optionally cross-validate, store and activate a new model version."""
    macro = None
    if evaluate:
        macro = classifier.cross_validate(titles, texts, labels, repeats=1)["macro_f1_mean"]
    model = classifier.train(list(titles), list(texts), list(labels), version=version or next_version())
    return model_store(model, actor=actor, macro_f1=macro)
