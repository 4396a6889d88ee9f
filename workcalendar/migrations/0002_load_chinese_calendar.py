"""A fresh install starts with the real calendar: every year the chinesecalendar package carries."""

from django.db import migrations


def load(apps, schema_editor):
    from workcalendar.services import calendar_days_upsert, chinese_calendar_exceptions

    calendar_days_upsert(apps.get_model("workcalendar", "CalendarDay"), chinese_calendar_exceptions())


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
