"""Suspension is no longer published: drop the issuers' suspension lists. No credential ever named
one (a credential's one credentialStatus is its revocation entry), so nothing that verifies changes."""

from django.db import migrations


def drop_suspension_lists(apps, schema_editor):
    apps.get_model("credentials", "StatusList").objects.filter(purpose="suspension").delete()


class Migration(migrations.Migration):
    dependencies = [("credentials", "0003_credentials_held")]

    operations = [migrations.RunPython(drop_suspension_lists, migrations.RunPython.noop)]
