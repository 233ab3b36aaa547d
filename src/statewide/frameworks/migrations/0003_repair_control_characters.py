"""Remove control characters from stored text (they broke the Atom feed and exports); see core.repair."""

from django.db import migrations

from statewide.core.repair import repair_app_text


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0002_pack_digest_link_pack_draft_changes")]

    operations = [migrations.RunPython(repair_app_text("frameworks"), migrations.RunPython.noop)]
