from django.db import migrations


class Migration(migrations.Migration):
    """The in-app notices live in the notifications app now; its migration 0002 copied them there first."""

    dependencies = [
        ("reports", "0001_initial"),
        ("notifications", "0002_notices_from_reports"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Notice",
        ),
    ]
