"""Stale region-days marked by database triggers (summaries/staleness.py) instead of by each writer.

The marks the writers left in regions.DirtyRegionDay are not copied: where summaries exist, every region is marked
from the first to the last day instead, so the first refresh after this migration recomputes everything once.
"""

import django.db.models.deletion
from django.db import migrations, models

from summaries import staleness


def install(apps, schema_editor):
    staleness.triggers_install(schema_editor)
    if apps.get_model("summaries", "RegionDaySummary").objects.exists():
        schema_editor.execute(
            f"INSERT INTO {staleness.MARKS_TABLE} (region_id, first_day, last_day, marked_at) "
            "SELECT id, %s, %s, CURRENT_TIMESTAMP FROM regions_region",
            [staleness.MIN_DAY, staleness.MAX_DAY],
        )


def uninstall(apps, schema_editor):
    staleness.triggers_drop(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('regions', '0003_dirty_region_day'),
        ('summaries', '0003_branch_visits'),
        # The triggers read these apps' tables.
        ('reports', '0001_initial'),
        ('officers', '0003_rest_unique_start'),
        ('problems', '0001_initial'),
        ('branches', '0002_resources_demands_visits'),
        ('enterprises', '0002_partial_unique_constraints'),
    ]

    operations = [
        migrations.CreateModel(
            name='StaleRegionDays',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_day', models.DateField(verbose_name='first day')),
                ('last_day', models.DateField(verbose_name='last day')),
                ('marked_at', models.DateTimeField(verbose_name='marked at')),
                ('region', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.region', verbose_name='region')),
            ],
            options={
                'verbose_name': 'stale region-days',
                'verbose_name_plural': 'stale region-days',
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
