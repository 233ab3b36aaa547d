"""Reference data: all 50 states, DC and the 5 territories (from the `us` package, offline), and
one state education agency organisation for each."""

import uuid

import us
from django.db import migrations


def load(apps, schema_editor):
    Jurisdiction = apps.get_model("places", "Jurisdiction")
    Organisation = apps.get_model("places", "Organisation")
    for state in us.states.STATES_AND_TERRITORIES:
        kind = "federal_district" if state.abbr == "DC" else ("territory" if state.is_territory else "state")
        jurisdiction, _ = Jurisdiction.objects.update_or_create(
            usps=state.abbr, defaults={"fips": state.fips, "name": state.name, "kind": kind}
        )
        Organisation.objects.get_or_create(
            kind="sea",
            jurisdiction=jurisdiction,
            defaults={"name": f"{state.name} state education agency", "public_id": uuid.uuid4()},
        )


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
