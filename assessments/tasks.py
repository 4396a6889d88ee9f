from celery import shared_task

from .services import assessment_sheet_export_run


# Early ack (the default): a job is never started twice; one whose worker vanished is failed by the sweep, retried
# by its owner.
@shared_task(name="assessments.tasks.assessment_sheet_export", ignore_result=True)
def assessment_sheet_export(job_id: int, round_id: int) -> None:
    """Write a large round's assessment sheet as a spreadsheet job (progress, then the download)."""
    assessment_sheet_export_run(job_id=job_id, round_id=round_id)
