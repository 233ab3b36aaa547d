"""Suspension is published again: every issuer gets a signed Bitstring Status List with
``statusPurpose: suspension`` at ``/credentials/status/<slug>/suspension`` (same size as its
revocation list), whose bits are set for the credentials already suspended, at their index.
Reverses 0004 (which dropped the lists); credentials keep naming only their revocation entry."""

from django.db import migrations
from django.utils import timezone


def create_suspension_lists(apps, schema_editor):
    from statewide.credentials import documents, keys  # noqa: PLC0415 (pure functions over field values)
    from statewide.credentials.crypto import dataintegrity, statuslist  # noqa: PLC0415

    Issuer = apps.get_model("credentials", "Issuer")
    IssuerKey = apps.get_model("credentials", "IssuerKey")
    StatusList = apps.get_model("credentials", "StatusList")
    Credential = apps.get_model("credentials", "Credential")
    for issuer in Issuer.objects.all().iterator():
        if StatusList.objects.filter(issuer=issuer, purpose="suspension").exists():
            continue
        revocation = StatusList.objects.filter(issuer=issuer, purpose="revocation").first()
        bits = statuslist.empty(len(revocation.bits) * 8 if revocation else statuslist.MIN_ENTRIES)  # the same size
        suspended = Credential.objects.filter(issuer=issuer, suspended_at__isnull=False).values_list("status_index", flat=True)
        for index in suspended.iterator():
            if index < len(bits) * 8:
                statuslist.set_bit(bits, index, True)
        status_list = StatusList(issuer=issuer, purpose="suspension", bits=bytes(bits))
        key = IssuerKey.objects.filter(issuer=issuer, is_active=True).first()
        if key is not None:  # every issuer has one (issuer_create makes it); without one the list stays unsigned
            unsigned = documents.status_list_credential(status_list, valid_from=timezone.now())
            status_list.document = dataintegrity.sign(
                unsigned,
                private_key=keys.private_key_of(key),
                verification_method=keys.verification_method(issuer, key),
                created=documents.iso(timezone.now()),
            )
        status_list.save()


def drop_suspension_lists(apps, schema_editor):
    apps.get_model("credentials", "StatusList").objects.filter(purpose="suspension").delete()


class Migration(migrations.Migration):
    dependencies = [("credentials", "0006_credentials_optimistic_locking_versions")]

    operations = [migrations.RunPython(create_suspension_lists, drop_suspension_lists)]
