"""The growth dashboard's kept summary (GrowthTally), counted from the existing credentials."""


import django.db.models.deletion
from django.db import migrations, models


def count_existing(apps, schema_editor):
    """The tallies of the credentials issued so far (afterwards the services keep them)."""
    from statewide.credentials.services.tally import growth_tally_rebuild  # noqa: PLC0415

    growth_tally_rebuild(credential_model=apps.get_model("credentials", "Credential"), tally_model=apps.get_model("credentials", "GrowthTally"))


class Migration(migrations.Migration):

    dependencies = [
        ('credentials', '0008_credentials_keyset_revoked_index'),
        ('places', '0006_insights_enrollment_disclosure'),
    ]

    operations = [
        migrations.CreateModel(
            name='GrowthTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dimension', models.CharField(choices=[('year', 'Year'), ('version', 'Version'), ('holder', 'Holder'), ('district', 'District')], max_length=8, verbose_name='dimension')),
                ('key', models.BigIntegerField(verbose_name='key')),
                ('key2', models.BigIntegerField(default=0, verbose_name='second key')),
                ('n', models.IntegerField(default=0, verbose_name='count')),
                ('jurisdiction', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='places.jurisdiction')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('jurisdiction', 'dimension', 'key', 'key2'), name='growth_tally_unique')],
            },
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
