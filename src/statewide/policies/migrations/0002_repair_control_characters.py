"""Remove control characters from stored text (they broke the Atom feed and exports); see core.repair."""

from django.db import migrations

from statewide.core.repair import repair_app_text


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_policy_tracker")]

    operations = [migrations.RunPython(repair_app_text("policies"), migrations.RunPython.noop)]
