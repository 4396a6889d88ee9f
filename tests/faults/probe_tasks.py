"""Tasks only the fault drills' worker loads (`--include tests.faults.probe_tasks`): they take a few seconds and
leave a file behind when they finish, so a drill can tell "completed" from "lost" without a result backend."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.faults.probe_tasks.slow_probe", acks_late=True, ignore_result=True)
def slow_probe(*, marker: str, seconds: float) -> None:
    """Note the start in `marker`.started, sleep `seconds`, then append a line to `marker` (one per completed run)."""
    Path(f"{marker}.started").touch()
    time.sleep(seconds)
    with Path(marker).open("a") as done:
        done.write("done\n")


@shared_task(name="tests.faults.probe_tasks.slow_export", ignore_result=True)
def slow_export(*, job_id: int, rows: int, seconds_per_row: float) -> None:
    """A spreadsheet export as the real ones run it (spreadsheets.services.job_run: claim, heartbeat, progress,
    workbook, finish), only slow enough for a drill to kill its worker in the middle."""
    import tempfile

    from spreadsheets.services import job_finish, job_run
    from spreadsheets.writing import Sheet, workbook_write

    def work(job, progress):
        def lines():
            for number in range(1, rows + 1):
                time.sleep(seconds_per_row)
                if number % 10 == 0:
                    progress(number, rows)
                yield [number, f"第{number}行"]

        with tempfile.TemporaryDirectory(prefix="drill-export-") as folder:
            path = Path(folder) / "export.xlsx"
            workbook_write([Sheet(title="导出", headers=["序号", "内容"], rows=lines())], path)
            job_finish(job_id=job.pk, output_path=path, output_name="演练导出.xlsx", message="导出完成")

    job_run(job_id=job_id, work=work)
