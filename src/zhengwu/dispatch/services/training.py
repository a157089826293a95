"""Training and storing classifier versions: from a CSV or from the database's own history
(`selectors.training_rows`: closed events, the dispatcher's triage decision before the prediction).

`rules.classifier` is imported inside the functions that fit: numpy and scikit-learn then load only in
the processes that train (the command, `load-reference`), not with every page's imports."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from zhengwu.dispatch.models import ClassifierModel
from zhengwu.dispatch.selectors.classifiers import model_count, shipped_default
from zhengwu.dispatch.standard import Action
from zhengwu.ledger.services import record


def next_version() -> str:
    return f"v{model_count() + 1}-{timezone.localdate():%Y%m%d}"


@transaction.atomic
def model_store(model, *, actor=None, macro_f1: float | None = None) -> ClassifierModel:
    """Save a fitted model (a `rules.classifier.Classifier`) through the default storage and make it the
    active version."""
    name = default_storage.save(f"dispatch/models/{model.version}.pickle", ContentFile(model.dumps()))
    row = ClassifierModel.objects.create(version=model.version, file=name, rows=model.rows, macro_f1=macro_f1)
    record(action=Action.MODEL_TRAINED, obj=row, actor=actor, after={"version": row.version, "rows": row.rows,
                                                                      "macro_f1": macro_f1}, unit=None)
    return row


def model_train(
    titles, texts, labels, *, actor=None, version: str = "", evaluate: bool = False
) -> ClassifierModel:
    """Fit, optionally cross-validate, store and activate a new model version."""
    from zhengwu.dispatch.rules import classifier  # deferred: scikit-learn loads only where models are fitted

    macro = None
    if evaluate:
        macro = classifier.cross_validate(titles, texts, labels, repeats=1)["macro_f1_mean"]
    model = classifier.train(list(titles), list(texts), list(labels), version=version or next_version())
    return model_store(model, actor=actor, macro_f1=macro)


def model_store_default() -> str:
    """Fit and store the shipped default model once per version (`classifier.DEFAULT_VERSION`)."""
    from zhengwu.dispatch.rules import classifier  # deferred: scikit-learn loads only where models are fitted

    if ClassifierModel.objects.filter(version=classifier.DEFAULT_VERSION).exists():
        return "default model present"
    model_store(shipped_default())
    return f"default model {classifier.DEFAULT_VERSION} fitted and stored"
