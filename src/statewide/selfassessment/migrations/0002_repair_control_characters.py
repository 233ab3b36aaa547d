"""Remove control characters from stored text (they broke the Atom feed and exports); see core.repair."""

from django.db import migrations

from statewide.core.repair import repair_app_text


class Migration(migrations.Migration):
    dependencies = [("selfassessment", "0001_campaigns_and_responses")]

    operations = [migrations.RunPython(repair_app_text("selfassessment"), migrations.RunPython.noop)]
