"""Reports carry the phone's filing time (filed_at) beside the time the server received them (submitted_at): every
report filed so far was filed when it was received."""

from django.db import migrations, models


# summaries/staleness.py's trigger would mark every region-day of history stale for a copy that changes no figure.
STALENESS_TRIGGER = "summaries_mark_reports_dailyreport_update"


def filed_when_received(apps, schema_editor):
    DailyReport = apps.get_model("reports", "DailyReport")
    table = DailyReport._meta.db_table
    quiet = schema_editor.connection.vendor == "postgresql" and _has_trigger(schema_editor, table)
    if quiet:
        schema_editor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{STALENESS_TRIGGER}"')
    DailyReport.objects.update(filed_at=models.F("submitted_at"))
    if quiet:
        schema_editor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER "{STALENESS_TRIGGER}"')


def _has_trigger(schema_editor, table: str) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass",
                       [STALENESS_TRIGGER, table])
        return cursor.fetchone() is not None


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_delete_notice"),
    ]

    operations = [
        migrations.AddField(
            model_name="dailyreport",
            name="filed_at",
            field=models.DateTimeField(null=True, verbose_name="filed at (on the phone)"),
        ),
        migrations.RunPython(filed_when_received, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="dailyreport",
            name="filed_at",
            field=models.DateTimeField(verbose_name="filed at (on the phone)"),
        ),
        migrations.AlterField(
            model_name="dailyreport",
            name="submitted_at",
            field=models.DateTimeField(verbose_name="received at"),
        ),
    ]
