"""Benchmark: spreadsheets at province scale on PostgreSQL: the roster import (and the assessment export).

Seeds `seed_demo --scale province` into a fresh database (default postgres://postgres@127.0.0.1:5432/liaison_bench,
as bench/seed.py; `--reuse` keeps a database that is already seeded), then:

- import: builds a 31,000-enterprise xlsx (valid new credit codes, real county and park codes), times the dry run
  (the check) and the confirmed import through the same services as the pages (target under 30 s each), with the
  peak memory of each (VmHWM of a fresh child process); then the baseline: django-import-export's default
  ModelResource (no bulk: one query per row to find it, a save() per row, a ForeignKeyWidget query per region) on
  a 2,000-row sample, extrapolated to 31,000 rows (said so in the output). The imported enterprises are deleted
  at the end, so a --reuse run starts from the same database.
- export: `measure_export` (the assessments app's half).

    .venv/bin/python bench/spreadsheets.py [--reuse] [--only import|export] [--scale province] [--rows 31000]
        [--sample 2000]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from seed import DEFAULT_URL, manage, recreate_database  # noqa: E402  (bench/seed.py, beside this file)

TARGETS = {"check": 30.0, "import": 30.0}
# Credit codes of the benchmark's enterprises start with 92 (individual businesses), which seed_demo does not use.
CODE_PREFIX = "92"


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison_portal.settings")
    import django

    django.setup()


def _is_seeded(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url) as connection:
            return connection.execute("SELECT count(*) FROM enterprises_enterprise").fetchone()[0] > 0
    except psycopg.Error:
        return False


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the process's own address space; ru_maxrss would not
    do here, because Linux carries it over fork and exec, so a child would start from its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


# --- import --------------------------------------------------------------------------------------------------------

def build_enterprise_file(path: Path, rows: int) -> None:
    """A valid xlsx of `rows` new enterprises spread over the province's real counties and parks."""
    from openpyxl import Workbook

    from enterprises.validators import credit_code_check_char
    from regions.models import Region
    from roster_import.choices import RosterKind
    from roster_import.services import template_rows

    codes = list(Region.objects.filter(level__in=["county", "park"]).values_list("code", flat=True))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    from django.utils import translation

    with translation.override("zh-hans"):
        headers, _example = template_rows(RosterKind.ENTERPRISES)
    sheet.append(headers)
    for number in range(rows):
        region = codes[number % len(codes)]
        first17 = f"{CODE_PREFIX}{region[:6]}{number:08d}0"
        sheet.append([first17 + credit_code_check_char(first17), f"基准测试企业{number:06d}有限公司", region, "企业",
                      "制造业", "规模以上" if number % 7 == 0 else "中小微", "是" if number % 50 == 0 else "否",
                      f"湖南省测试路{number}号", "张伟", "0731-84000000"])
    workbook.save(path)


def _admin():
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    admin = user_model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    return admin or user_model.objects.create_superuser("bench-admin", password=None)


def child_check_and_import(path: str) -> dict:
    """In a fresh process: the dry run, then the confirmed import, through the services the pages call."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from roster_import.services import roster_import_confirm, roster_import_upload
    from spreadsheets.choices import JobStatus

    admin = _admin()
    baseline = _peak_mb()
    data = Path(path).read_bytes()
    started = time.perf_counter()
    check = roster_import_upload(actor=admin, kind="enterprises", upload=SimpleUploadedFile("bench.xlsx", data))
    check_seconds = time.perf_counter() - started
    check.refresh_from_db()
    if check.status != JobStatus.DONE or check.result.get("problem_count"):
        return {"error": check.message, "problems": check.result.get("problems", [])[:5]}
    check_peak = _peak_mb()
    started = time.perf_counter()
    imported = roster_import_confirm(actor=admin, job=check)
    import_seconds = time.perf_counter() - started
    imported.refresh_from_db()
    return {"check_seconds": check_seconds, "import_seconds": import_seconds, "baseline_mb": baseline,
            "check_peak_mb": check_peak, "import_peak_mb": _peak_mb(), "check": check.message,
            "import": imported.message, "status": imported.status}


def child_recheck(path: str) -> dict:
    """The same file again after the import: the check must find every row unchanged."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from roster_import.services import roster_import_upload

    started = time.perf_counter()
    job = roster_import_upload(actor=_admin(), kind="enterprises",
                               upload=SimpleUploadedFile("bench.xlsx", Path(path).read_bytes()))
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    return {"seconds": seconds, "message": job.message, "peak_mb": _peak_mb()}


def child_baseline(path: str, sample: int) -> dict:
    """django-import-export's defaults on the first `sample` rows, inside a transaction that is rolled back."""
    import tablib
    from django.db import transaction
    from import_export import fields, resources, widgets

    from enterprises.models import Enterprise
    from regions.models import Region
    from roster_import.choices import RosterKind
    from roster_import.columns import COLUMNS
    from spreadsheets.reading import open_spreadsheet

    class DefaultEnterpriseResource(resources.ModelResource):
        region = fields.Field(attribute="region", column_name="region_code",
                              widget=widgets.ForeignKeyWidget(Region, "code"))

        class Meta:
            model = Enterprise
            fields = ("credit_code", "name", "region", "address", "contact_name", "contact_phone")
            import_id_fields = ("credit_code",)

    with open(path, "rb") as stored:
        sheet = open_spreadsheet(stored, name=path, columns=COLUMNS[RosterKind.ENTERPRISES])
        keys = ["credit_code", "name", "region_code", "address", "contact_name", "contact_phone"]
        dataset = tablib.Dataset(headers=keys)
        for count, (_number, row) in enumerate(sheet, start=1):
            dataset.append([row.get(key, "") for key in keys])
            if count == sample:
                break
    baseline = _peak_mb()
    started = time.perf_counter()
    with transaction.atomic():
        result = DefaultEnterpriseResource().import_data(dataset, dry_run=False, raise_errors=True)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"seconds": seconds, "rows": len(dataset), "new": result.totals["new"], "baseline_mb": baseline,
            "peak_mb": _peak_mb()}


def _child(url: str, name: str, *args: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
           "ROSTER_IMPORT_INLINE_MAX_KB": str(1024 * 1024), "CELERY_BROKER_URL": "",
           "DJANGO_PRIVATE_FILES_ROOT": tempfile.mkdtemp(prefix="bench-private-"), "DJANGO_LOG_LEVEL": "WARNING"}
    result = subprocess.run([sys.executable, __file__, "--child", name, *args], cwd=ROOT, env=env, text=True,
                            capture_output=True, check=False)
    if result.returncode:
        print(result.stdout, result.stderr, file=sys.stderr)
        sys.exit(f"child {name} failed with exit code {result.returncode}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_import(url: str, rows: int, sample: int) -> None:
    from enterprises.models import Enterprise

    Enterprise.objects.filter(credit_code__startswith=CODE_PREFIX).delete()  # a previous run's, if interrupted
    before = Enterprise.objects.count()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "enterprises.xlsx"
        started = time.perf_counter()
        build_enterprise_file(path, rows)
        print(f"built {rows:,}-row xlsx ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
              f"; {before:,} enterprises already in the database\n")
        baseline = _child(url, "baseline", str(path), str(sample))
        run = _child(url, "import", str(path))
        if "error" in run:
            sys.exit(f"the benchmark file did not pass the check: {run}")
        again = _child(url, "recheck", str(path))
    imported = Enterprise.objects.filter(credit_code__startswith=CODE_PREFIX).count()
    Enterprise.objects.filter(credit_code__startswith=CODE_PREFIX).delete()

    def verdict(seconds, target):
        return "target met" if seconds < target else "TARGET MISSED"

    extrapolated = baseline["seconds"] * rows / baseline["rows"]
    print(f"roster import of {rows:,} enterprises on PostgreSQL (process baseline after Django setup: "
          f"{run['baseline_mb']:.0f} MB)")
    print(f"  dry run (check):          {run['check_seconds']:7.1f} s   peak {run['check_peak_mb']:6.0f} MB   "
          f"{verdict(run['check_seconds'], TARGETS['check'])}")
    print(f"    {run['check']}")
    print(f"  import (check again + bulk write, one transaction): {run['import_seconds']:7.1f} s   "
          f"peak {run['import_peak_mb']:6.0f} MB   {verdict(run['import_seconds'], TARGETS['import'])}")
    print(f"    {run['import']}   ({imported:,} rows in the database)")
    print(f"  same file again (check):  {again['seconds']:7.1f} s   {again['message']}")
    print(f"  baseline, django-import-export defaults (no bulk), {baseline['rows']:,}-row sample: "
          f"{baseline['seconds']:.1f} s, peak {baseline['peak_mb']:.0f} MB")
    print(f"    extrapolated to {rows:,} rows: {extrapolated:.0f} s (linear; not measured at full size)  "
          f"-> the bulk import is {extrapolated / run['import_seconds']:.1f}x faster")


# --- export (the assessments helper's half) ------------------------------------------------------------------------

EXPORT_TARGETS = {"seconds": 10.0, "peak_mb": 150.0}


def _province_round_id() -> int:
    """The seeded province round (demo/assessments.py); opened here if the database predates that step."""
    from assessments.models import AssessmentRound
    from assessments.services import round_open
    from regions.models import Region

    province = Region.objects.get(code="430000")
    existing = AssessmentRound.objects.filter(region=province).order_by("-id").first()
    if existing is not None:
        return existing.pk
    from django.utils import timezone

    today = timezone.localdate()
    return round_open(actor=_admin(), region=province, name="基准测试考核", period_start=today.replace(month=1, day=1),
                      period_end=today).pk


def _count_queries():
    from django.db import connection

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    return counter, connection.execute_wrapper(count)


def child_export(round_id: int) -> dict:
    """In a fresh process: the sheet as the Celery task writes it (a SpreadsheetJob, streamed rows, write-only book)."""
    from assessments.services import assessment_sheet_export_run
    from spreadsheets.choices import JobKind
    from spreadsheets.services import job_create

    admin = _admin()
    job = job_create(actor=admin, kind=JobKind.EXPORT, title="bench export")
    baseline = _peak_mb()
    counter, wrapper = _count_queries()
    started = time.perf_counter()
    with wrapper:
        job = assessment_sheet_export_run(job_id=job.pk, round_id=round_id)
    seconds = time.perf_counter() - started
    size = job.output_file.size if job.output_file else 0
    return {"seconds": seconds, "baseline_mb": baseline, "peak_mb": _peak_mb(), "rows": job.done,
            "status": job.status, "message": job.message, "bytes": size, "queries": counter["queries"]}


def child_export_naive(round_id: int) -> dict:
    """django-import-export's default ModelResource for OfficerAssessment, the same rows, exported to xlsx."""
    from import_export.resources import modelresource_factory

    from assessments.models import OfficerAssessment

    baseline = _peak_mb()
    counter, wrapper = _count_queries()
    started = time.perf_counter()
    with wrapper:
        resource = modelresource_factory(model=OfficerAssessment)()
        dataset = resource.export(queryset=OfficerAssessment.objects.filter(round_id=round_id).order_by("id"))
        content = dataset.export("xlsx")
    seconds = time.perf_counter() - started
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as produced:
        produced.write(content)
    return {"seconds": seconds, "baseline_mb": baseline, "peak_mb": _peak_mb(), "rows": len(dataset),
            "bytes": len(content), "queries": counter["queries"]}


def measure_export(url: str) -> None:
    """The assessment sheet of the province round (24,000 officers at province scale), next to a naive export of the
    same rows through django-import-export's default resource, each in a fresh child process (peak = VmHWM)."""
    round_id = _province_round_id()
    sheet = _child(url, "export", str(round_id))
    naive = _child(url, "export_naive", str(round_id))

    def verdict(value, target):
        return "target met" if value < target else "TARGET MISSED"

    print(f"assessment sheet export of {sheet['rows']:,} officers on PostgreSQL (process baseline after Django setup: "
          f"{sheet['baseline_mb']:.0f} MB)")
    print(f"  assessments sheet (job, streamed, write-only): {sheet['seconds']:6.1f} s  "
          f"{verdict(sheet['seconds'], EXPORT_TARGETS['seconds'])};  peak {sheet['peak_mb']:5.0f} MB  "
          f"{verdict(sheet['peak_mb'], EXPORT_TARGETS['peak_mb'])};  {sheet['queries']} queries, "
          f"{sheet['bytes'] / 1e6:.1f} MB file ({sheet['status']})")
    print(f"  django-import-export default ModelResource:    {naive['seconds']:6.1f} s;  "
          f"peak {naive['peak_mb']:5.0f} MB;  {naive['queries']} queries, {naive['bytes'] / 1e6:.1f} MB file, "
          f"{naive['rows']:,} rows "
          "(plain columns: ids, no unit, enterprises, labels or cover)")


# --- main ----------------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="keep the database if it is already seeded")
    parser.add_argument("--only", choices=["import", "export"], help="measure one half only")
    parser.add_argument("--scale", default="province", help="seed_demo scale of a fresh database")
    parser.add_argument("--rows", type=int, default=31_000)
    parser.add_argument("--sample", type=int, default=2_000, help="rows for the import-export baseline")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if options.child:
        _setup_django(url)
        name, *args = options.child
        functions = {"import": child_check_and_import, "recheck": child_recheck, "baseline": child_baseline,
                     "export": child_export, "export_naive": child_export_naive}
        args = [int(arg) if arg.isdigit() else arg for arg in args]
        print(json.dumps(functions[name](*args)))
        return
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/spreadsheets.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    if not options.reuse or not _is_seeded(url):
        recreate_database(url)
        seconds, _ = manage(url, "migrate", "--verbosity", "0")
        print(f"migrate: {seconds:.1f} s")
        seconds, output = manage(url, "seed_demo", "--scale", options.scale)
        print(f"seed_demo --scale {options.scale}: {seconds:.1f} s\n")
    else:
        manage(url, "migrate", "--verbosity", "0")
    print(f"load average before measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    _setup_django(url)
    if options.only in (None, "import"):
        measure_import(url, options.rows, options.sample)
    if options.only in (None, "export"):
        measure_export(url)


if __name__ == "__main__":
    main()
