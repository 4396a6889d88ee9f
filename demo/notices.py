"""Demo data: what the portal told people by the time of seeding, made by the jobs and services that tell them.

Runs last, after the summaries: yesterday's (or, after REPORT_REMINDER_HOUR, today's) report reminder and last
evening's bulletins (or tonight's, after BULLETIN_HOUR), each through its own job's service for the day it was due;
the organisation department's assessment sheet and an administrator's roster file checked in the background, as a
real export and a real check run, so their owners are told when the job finishes. (This morning's rectification runs
end the meetings step.) Every notice goes through `notify`, so the outbox rows are real too, and the texts go out
through the configured SMS adapter (the file adapter by default) once the step commits.

Idempotent: the reminder's and the bulletins' notices carry dedupe keys, a bulletin already built for the day is
left as it is, and a job already started by its login is not started again; a second run writes nothing.
"""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone, translation

from assessments.choices import RoundStatus
from assessments.models import AssessmentRound
from assessments.services import assessment_sheet_export_start
from dashboards.models import Bulletin
from dashboards.services import bulletin_generate, bulletin_regions
from demo.enterprises import credit_code
from demo.run import DemoRun
from enterprises.choices import EnterpriseKind, Industry, SizeClass
from operations.schedule import latest_due
from regions.choices import PostKind
from regions.models import Post
from reports.services import report_reminders_send
from roster_import.choices import RosterKind
from roster_import.services import roster_import_upload, template_rows
from spreadsheets.choices import JobKind
from spreadsheets.models import SpreadsheetJob
from spreadsheets.writing import Sheet, workbook_bytes

# Three enterprises a 芙蓉区 file brings in; their serials lie far beyond any demo scale's, so no planned enterprise
# shares a credit code with them.
NEW_ENTERPRISES = (
    ("长沙芙蓉康达医疗器械有限公司", Industry.PHARMACEUTICALS, SizeClass.ABOVE_DESIGNATED, "长沙市芙蓉区车站北路88号",
     "陈立新", "0731-84123456"),
    ("湖南湘楚冷链物流有限公司", Industry.LOGISTICS, SizeClass.SMALL_MICRO, "长沙市芙蓉区隆平高科技园2栋", "周慧",
     "0731-84234567"),
    ("长沙五一商贸城经营管理有限公司", Industry.RETAIL, SizeClass.SMALL_MICRO, "长沙市芙蓉区五一大道368号", "易文斌",
     "0731-84345678"),
)
NEW_ENTERPRISE_SERIAL = 900_000
ROSTER_FILE_NAME = "芙蓉区新增企业名单.xlsx"


def step_notices(run: DemoRun) -> None:
    """The latest report reminder and bulletins, a finished export and a checked roster file."""
    users = {user.username: user for user in get_user_model().objects.filter(username__in=("admin", "orgdept"))}
    _report_reminder(run)
    _bulletins(run)
    if "orgdept" in users:
        _assessment_sheet_export(run, users["orgdept"])
    if "admin" in users:
        _roster_file_check(run, users["admin"])


def _latest_due(run: DemoRun, hour: int) -> datetime:
    """The latest due time of a daily job at `hour` as of now on the run's day (yesterday's before that hour)."""
    now = timezone.localtime()
    return latest_due(time(hour), timezone.make_aware(datetime.combine(run.today, now.time())))


def _report_reminder(run: DemoRun) -> None:
    day = timezone.localtime(_latest_due(run, settings.REPORT_REMINDER_HOUR)).date()
    reminded = report_reminders_send(day=day)
    run.log(f"notices: the report reminder of {day} told {reminded} officers")


def _bulletins(run: DemoRun) -> None:
    """Each office's bulletin, and those of the regions right below it (what its dashboard lists), for the latest
    evening: the regions whose offices can log in. The evening job builds every region's (161); the demo leaves the
    others out to keep seeding quick (each bulletin writes a workbook)."""
    due = _latest_due(run, settings.BULLETIN_HOUR)
    day = timezone.localtime(due).date()
    offices = set(Post.objects.filter(kind=PostKind.LIAISON_OFFICE, is_active=True, region__isnull=False)
                  .values_list("region_id", flat=True))
    built = set(Bulletin.objects.filter(day=day).values_list("region_id", flat=True))
    wanted = [region for region in bulletin_regions()
              if (region.pk in offices or region.parent_id in offices) and region.pk not in built]
    for region in wanted:
        bulletin_generate(region=region, day=day, now=due)
    run.log(f"notices: {len(wanted)} bulletins of {day} built and announced to their offices")


def _assessment_sheet_export(run: DemoRun, organization) -> None:
    """The organisation department takes the finalised round's assessment sheet, as the background job a large
    round's export is (the demo's round is small enough for the page to answer at once, so the limit is lowered)."""
    if SpreadsheetJob.objects.filter(created_by=organization, kind=JobKind.EXPORT).exists():
        return
    assessment_round = (AssessmentRound.objects.filter(region__code="430100", status=RoundStatus.FINALISED)
                        .order_by("-period_end", "-pk").first())
    if assessment_round is None:
        return
    with translation.override(settings.LANGUAGE_CODE), override_settings(ASSESSMENT_EXPORT_INLINE_ROWS=0):
        assessment_sheet_export_start(actor=organization, assessment_round=assessment_round)


def _roster_file_check(run: DemoRun, admin) -> None:
    """An administrator uploads a file of three new 芙蓉区 enterprises; its check runs as a background job (the file
    is small, so the inline limit is lowered) and tells them it is ready to confirm. Nothing is imported."""
    if SpreadsheetJob.objects.filter(created_by=admin, kind=JobKind.IMPORT).exists():
        return
    with translation.override(settings.LANGUAGE_CODE):
        header, _example = template_rows(RosterKind.ENTERPRISES)
        kind = str(EnterpriseKind.ENTERPRISE.label)
        rows = [[credit_code("430102", NEW_ENTERPRISE_SERIAL + index), name, "430102", kind, str(industry.label),
                 str(size.label), "否", address, contact, phone]
                for index, (name, industry, size, address, contact, phone) in enumerate(NEW_ENTERPRISES)]
        data = workbook_bytes([Sheet(title="企业名单", headers=header, rows=rows)])
        with override_settings(ROSTER_IMPORT_INLINE_MAX_KB=0):
            roster_import_upload(actor=admin, kind=RosterKind.ENTERPRISES,
                                 upload=SimpleUploadedFile(ROSTER_FILE_NAME, data))
