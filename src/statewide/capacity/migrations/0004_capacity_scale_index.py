from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("capacity", "0003_capacity_library"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="readinessround",
            index=models.Index(fields=["tier_code", "status", "submitted_at"], name="round_tier_submitted"),
        ),
    ]
