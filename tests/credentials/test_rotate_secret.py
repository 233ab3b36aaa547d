"""`statewide rotate-credentials-secret`: issuer keys re-encrypted when CREDENTIALS_KEY_SECRET changes."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from statewide.core.audit import AuditEvent
from statewide.core.permissions import SYSTEM
from statewide.credentials import keys, services
from statewide.credentials.models import IssuerKey
from statewide.credentials.selectors import credential_verify

from .setup import build_world, earn

pytestmark = pytest.mark.django_db


def _private_raws() -> list[bytes]:
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415

    raw = serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    return [keys.private_key_of(k).private_bytes(*raw) for k in IssuerKey.objects.order_by("id")]


def test_keys_move_to_the_new_secret_all_or_nothing(settings, monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CREDENTIALS_KEY_SECRET = old
    world = build_world()
    services.issuer_key_rotate(actor=SYSTEM, issuer=world.issuer)  # a retired key too
    before = _private_raws()
    stored = [bytes(k.private_encrypted) for k in IssuerKey.objects.order_by("id")]
    settings.CREDENTIALS_KEY_SECRET = new
    with pytest.raises(keys.KeyDecryptionError):
        _private_raws()
    # Wrong old secret: refused, nothing changed.
    monkeypatch.setenv("WRONG_SECRET", Fernet.generate_key().decode())
    with pytest.raises(CommandError, match="neither secret"):
        call_command("rotate_credentials_secret", "--old-secret-env", "WRONG_SECRET")
    assert [bytes(k.private_encrypted) for k in IssuerKey.objects.order_by("id")] == stored
    for bad in ([], ["--old-secret-env", "UNSET_SECRET_VAR"], ["--old-secret-env", "OLD_SECRET", "--old-derived"]):
        with pytest.raises(CommandError):
            call_command("rotate_credentials_secret", *bad)
    monkeypatch.setenv("NOT_FERNET", "not-a-key")
    with pytest.raises(CommandError, match="not a Fernet key"):
        call_command("rotate_credentials_secret", "--old-secret-env", "NOT_FERNET")
    monkeypatch.setenv("OLD_SECRET", old)
    call_command("rotate_credentials_secret", "--old-secret-env", "OLD_SECRET")
    assert _private_raws() == before  # the same keys, now under the new secret
    call_command("rotate_credentials_secret", "--old-secret-env", "OLD_SECRET")  # a second run changes nothing
    assert _private_raws() == before
    credential = earn(world)  # signing works with the new secret, and verifies
    assert credential_verify(credential.document).status == "verified"
    events = AuditEvent.objects.filter(action="issuer.reencrypt_keys")
    assert events.count() == 2
    text = " ".join(str(e.after) for e in events)
    assert old not in text and new not in text and all(b.hex() not in text for b in before)


def test_from_the_development_secret_derived_from_secret_key(settings):
    settings.CREDENTIALS_KEY_SECRET = ""
    build_world()
    before = _private_raws()
    settings.CREDENTIALS_KEY_SECRET = Fernet.generate_key().decode()
    call_command("rotate_credentials_secret", "--old-derived")
    assert _private_raws() == before
