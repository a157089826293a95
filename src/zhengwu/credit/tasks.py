"""Background work: long imports run in the worker, the page polls their progress."""

from django.tasks import task


@task
def run_import(batch_id: int) -> None:
    """Import a kept upload (see services.import_run); an unreadable file marks the batch failed."""
    from zhengwu.credit import services
    from zhengwu.credit.ingest import Unreadable
    from zhengwu.credit.models import ImportBatch

    batch = ImportBatch.objects.select_related("unit", "uploaded_by").get(pk=batch_id)
    try:
        services.import_run(batch)
    except Unreadable:
        pass  # recorded on the batch and in the ledger
