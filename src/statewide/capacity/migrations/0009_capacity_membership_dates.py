"""Network membership dates (joined_on, left_on), so the insights can tell who took part in each school year.

Rows that exist already get their best known dates: a member or former member joined on the day it
applied (its row's creation), and a former member left on the day its row last changed."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    NetworkMember = apps.get_model("capacity", "NetworkMember")
    for member in NetworkMember.objects.filter(status__in=["member", "left"]).only("pk", "status", "created_at", "updated_at"):
        member.joined_on = member.created_at.date()
        member.left_on = member.updated_at.date() if member.status == "left" else None
        member.save(update_fields=["joined_on", "left_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("capacity", "0008_capacity_optimistic_locking_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="networkmember",
            name="joined_on",
            field=models.DateField(blank=True, null=True, verbose_name="member since"),
        ),
        migrations.AddField(
            model_name="networkmember",
            name="left_on",
            field=models.DateField(blank=True, null=True, verbose_name="left on"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
