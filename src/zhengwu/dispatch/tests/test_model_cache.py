"""The shipped default classifier is fitted once and kept in the model cache under a digest of what it is
fitted from, so that other processes (test workers, `zhengwu demo`, commands) read it instead of fitting."""

import shutil

import pytest

from zhengwu.dispatch.rules import classifier

pytestmark = pytest.mark.database_independent


@pytest.fixture
def fits(monkeypatch):
    """Counts the fits; each fit is a small stand-in model (a real one takes seconds)."""
    made = []

    def train(titles, texts, labels, *, version):
        made.append(version)
        return classifier.Classifier(pipeline=None, version=version, sklearn_version="x", rows=len(labels))

    monkeypatch.setattr(classifier, "train", train)
    return made


def _default(cache_dir):
    return classifier.default.__wrapped__(cache_dir)  # without the per-process memo


def test_a_second_process_reads_the_fitted_model_instead_of_fitting(tmp_path, fits):
    first = _default(tmp_path)
    again = _default(tmp_path)
    assert fits == [classifier.DEFAULT_VERSION]
    assert again.rows == first.rows and again.version == classifier.DEFAULT_VERSION
    [kept] = tmp_path.iterdir()
    assert kept.name == f"classifier-{classifier.DEFAULT_VERSION}-{classifier.fingerprint()}.pickle"


def test_without_a_cache_folder_every_process_fits(fits):
    _default(None)
    _default(None)
    assert len(fits) == 2


def test_a_damaged_copy_is_fitted_again_and_replaced(tmp_path, fits):
    _default(tmp_path)
    [kept] = tmp_path.iterdir()
    kept.write_bytes(b"not a pickle")
    assert _default(tmp_path).version == classifier.DEFAULT_VERSION
    assert len(fits) == 2
    assert classifier.loads(kept.read_bytes()).version == classifier.DEFAULT_VERSION
    assert [p.name for p in tmp_path.iterdir()] == [kept.name]  # no partial file left behind


def test_an_unwritable_folder_still_gives_the_model(tmp_path, fits):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    assert _default(blocked / "cache").version == classifier.DEFAULT_VERSION


def test_the_digest_changes_with_the_training_data_and_the_code(tmp_path, monkeypatch):
    reference = tmp_path / "reference"
    shutil.copytree(classifier.REFERENCE, reference)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "classifier.py").write_text("# the code\n")
    monkeypatch.setattr(classifier, "_FIT_INPUTS", (rules, reference))
    before = classifier.fingerprint()
    assert classifier.fingerprint() == before
    with (reference / "citizen_messages_train.csv").open("a", encoding="utf-8") as f:
        f.write("标题,一条新的训练留言,城乡建设\n")
    after_data = classifier.fingerprint()
    (rules / "classifier.py").write_text("# the code, changed\n")
    assert len({before, after_data, classifier.fingerprint()}) == 3


def test_the_setting_chooses_the_folder(settings, tmp_path):
    from zhengwu.dispatch.selectors import classifiers

    settings.DISPATCH_MODEL_CACHE_DIR = None
    settings.VAR_DIR = tmp_path
    assert classifiers.model_cache_dir() == tmp_path / "cache"
    settings.DISPATCH_MODEL_CACHE_DIR = str(tmp_path / "elsewhere")
    assert classifiers.model_cache_dir() == tmp_path / "elsewhere"
    settings.DISPATCH_MODEL_CACHE_DIR = ""
    assert classifiers.model_cache_dir() is None
