import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("capacity", "0004_capacity_scale_index"),
        ("places", "0005_schools_derived_locale"),
    ]

    operations = [
        migrations.CreateModel(
            name="DistrictPoverty",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("students", models.PositiveIntegerField(verbose_name="students")),
                ("disadvantaged", models.PositiveIntegerField(verbose_name="economically disadvantaged students")),
                ("school_year", models.CharField(max_length=9, verbose_name="school year")),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                (
                    "district",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="capacity_poverty", to="places.organisation"
                    ),
                ),
            ],
            options={
                "constraints": [models.CheckConstraint(condition=models.Q(("disadvantaged__lte", models.F("students"))), name="poverty_within_students")],
            },
        ),
    ]
