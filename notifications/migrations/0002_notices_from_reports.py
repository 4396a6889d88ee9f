"""The in-app notices move here from the reports app: each former reports.Notice (the evening reminder) becomes a
notifications.Notice of kind report_reminder, deduplicated by its day, read where it was read. Their e-mails went out
already, so they get no outbox rows."""

from django.conf import settings
from django.db import migrations
from django.utils.translation import gettext, override

CHUNK = 2000


def notices_from_reports(apps, schema_editor):
    Old = apps.get_model("reports", "Notice")
    New = apps.get_model("notifications", "Notice")
    # Keep each notice's own time (this historical model is the migration's own, so switching it off is local).
    New._meta.get_field("created_at").auto_now_add = False
    with override(settings.LANGUAGE_CODE):
        title = gettext("Reminder: please file today's liaison reports")
    batch = []
    for old in Old.objects.order_by("pk").iterator(chunk_size=CHUNK):
        batch.append(New(recipient_id=old.user_id, kind=old.kind, title=title, body=old.message, url="/",
                         dedupe_key=f"{old.kind.replace('_', '-')}:{old.day.isoformat()}", created_at=old.created_at,
                         read_at=old.read_at))
        if len(batch) >= CHUNK:
            New.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    New.objects.bulk_create(batch, ignore_conflicts=True)


def notices_back_to_reports(apps, schema_editor):
    Old = apps.get_model("reports", "Notice")
    New = apps.get_model("notifications", "Notice")
    batch = []
    for new in New.objects.filter(kind="report_reminder", dedupe_key__startswith="report-reminder:").iterator():
        batch.append(Old(user_id=new.recipient_id, day=new.dedupe_key.split(":", 1)[1], kind=new.kind,
                         message=new.body[:500], emailed=True, read_at=new.read_at))
    Old.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(notices_from_reports, notices_back_to_reports)]
