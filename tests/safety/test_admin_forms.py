"""The Django admin's forms apply the one text sanitiser: every registered ModelAdmin, ours and third-party."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory

from statewide.core.admin import SafeAdminMixin
from statewide.core.forms import SafeTextMixin
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_every_registered_admin_uses_the_sanitiser() -> None:
    request = RequestFactory().get("/")
    request.user = person(operator=True)
    assert len(admin.site._registry) >= 10
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, SafeAdminMixin), model
        assert issubclass(model_admin.get_form(request), SafeTextMixin), model


def test_a_control_character_in_an_admin_form_is_a_field_error(client: Client) -> None:
    client.force_login(person(operator=True))
    response = client.post("/operator/admin/auth/group/add/", {"name": "Reviewers\x0bnorth"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "control character" in errors["name"][0] and "U+000B" in errors["name"][0]
    assert not Group.objects.exists()
    assert client.post("/operator/admin/auth/group/add/", {"name": "Reviewers north"}).status_code == 302
    assert Group.objects.filter(name="Reviewers north").exists()
