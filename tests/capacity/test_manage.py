"""State staff's forms and API edits: supports, networks (and their application round), tiers and TA targets."""

from __future__ import annotations

import pytest

from statewide.accounts.models import Role
from statewide.capacity import services
from statewide.capacity.models import Network, Resource, Support
from statewide.capacity.selectors import state_settings
from statewide.core.errors import ApplicationError
from statewide.core.models import AuditEvent
from statewide.core.permissions import SYSTEM
from tests.factories import DistrictFactory, jurisdiction, person, state_agency

pytestmark = pytest.mark.django_db

SUPPORT = {
    "strategy": "technical-assistance",
    "title": "Assessment coaching",
    "description": "Monthly coaching.",
    "provider": "Texas Education Agency",
    "tiers": ["tier-2", "tier-3"],
    "domains": ["assessment-literacy"],
    "format": "Coaching",
    "starts_on": "2027-01-10",
    "ends_on": "2027-05-30",
    "capacity": "12",
}


def test_a_state_admin_adds_and_edits_a_support_through_the_forms(client, instrument):
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    client.force_login(person(Role.EDUCATOR, DistrictFactory(state="TX")))
    assert client.get("/capacity/states/TX/supports/new/").status_code == 403
    assert "Add a support" not in client.get("/capacity/states/TX/supports/").content.decode()
    client.force_login(admin)
    assert "Add a support" in client.get("/capacity/states/TX/supports/").content.decode()
    form = client.get("/capacity/states/TX/supports/new/").content.decode()
    assert "Assessment literacy" in form and "Tier 2" in form and "Offer technical assistance" in form
    bad = client.post("/capacity/states/TX/supports/new/", {**SUPPORT, "strategy": "", "title": "\x07", "ends_on": "2026-01-01"})
    assert bad.status_code == 400 and not Support.objects.exists()
    errors = bad.context["form"].errors
    assert {"strategy", "title"} <= set(errors)
    ends_before = client.post("/capacity/states/TX/supports/new/", {**SUPPORT, "ends_on": "2026-01-01"})
    assert ends_before.status_code == 400 and "ends_on" in ends_before.context["form"].errors  # the service's rule, as a field error
    assert client.post("/capacity/states/TX/supports/new/", SUPPORT).status_code == 302
    support = Support.objects.get()
    assert (support.tiers, support.domains, support.capacity, support.jurisdiction.usps) == (["tier-2", "tier-3"], ["assessment-literacy"], 12, "TX")
    edit_url = f"/capacity/supports/{support.public_id}/edit/"
    assert 'value="Assessment coaching"' in client.get(edit_url).content.decode()
    assert client.post(edit_url, {**SUPPORT, "title": "Assessment literacy coaching", "tiers": ["tier-3"], "capacity": ""}).status_code == 302
    support.refresh_from_db()
    assert (support.title, support.tiers, support.capacity) == ("Assessment literacy coaching", ["tier-3"], None)
    event = AuditEvent.objects.filter(action="support.update").get()
    assert event.before["title"] == "Assessment coaching" and event.after["title"] == "Assessment literacy coaching" and "provider" not in event.after
    client.force_login(person(Role.STATE_ADMIN, state_agency("NH")))
    assert client.get(edit_url).status_code in (403, 404)
    assert client.post("/capacity/states/TX/supports/new/", SUPPORT).status_code == 403


def test_a_state_admin_creates_edits_and_closes_a_network(client, instrument):
    districts = [DistrictFactory(state="TX") for _ in range(2)]  # the state's pages exist once it has districts
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    client.force_login(admin)
    assert "Create a network" in client.get("/capacity/states/TX/networks/").content.decode()
    bad = client.post("/capacity/states/TX/networks/new/", {"title": "", "cap": "0"})
    assert bad.status_code == 400 and {"title", "cap"} <= set(bad.context["form"].errors)
    made = client.post(
        "/capacity/states/TX/networks/new/",
        {"title": "CBE Collaborative", "purpose": "Peers.", "cap": "2", "domains": ["assessment-literacy"], "applications_open": "on"},
    )
    network = Network.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"/capacity/networks/{network.public_id}/")
    assert (network.cap, network.domains, network.applications_open) == (2, ["assessment-literacy"], True)
    for d in districts:
        services.network_select(actor=admin, member=services.network_apply(actor=SYSTEM, network=network, district=d))
    edit_url = f"/capacity/networks/{network.public_id}/edit/"
    lower = client.post(edit_url, {"title": "CBE Collaborative", "cap": "1", "applications_open": "on"})
    assert lower.status_code == 400 and "2 members" in str(lower.context["form"].errors["cap"])  # never below the seated members
    assert client.post(edit_url, {"title": "Iowa-style collaborative", "cap": "10"}).status_code == 302
    network.refresh_from_db()
    assert (network.title, network.cap, network.applications_open) == ("Iowa-style collaborative", 10, False)
    with pytest.raises(ApplicationError):
        services.network_apply(actor=SYSTEM, network=network, district=DistrictFactory(state="TX"))
    page = client.get(f"/capacity/networks/{network.public_id}/").content.decode()
    assert "Open applications" in page and "Edit the network" in page
    assert client.post(f"/capacity/networks/{network.public_id}/applications/", {"open": "1"}).status_code == 302
    network.refresh_from_db()
    assert network.applications_open is True
    assert AuditEvent.objects.filter(action="network.applications_open").exists()
    client.force_login(person(Role.EDUCATOR, districts[0]))
    assert client.get(edit_url).status_code == 403
    assert client.post(f"/capacity/networks/{network.public_id}/applications/", {"open": "0"}).status_code == 403
    assert "Edit the network" not in client.get(f"/capacity/networks/{network.public_id}/").content.decode()


def test_the_api_edits_a_support_and_a_network_and_closes_applications(client, instrument):
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    support = services.support_create(
        actor=admin, jurisdiction=jurisdiction("TX"), strategy="partnerships", title="Old", description="", provider="P", tiers=[], domains=[]
    )
    network = services.network_create(actor=admin, jurisdiction=jurisdiction("TX"), title="Cohort", purpose="", cap=20, domains=[])
    body = {"strategy": "specialized-training", "title": "New", "provider": "Partner", "tiers": ["tier-1"], "places": 5}
    client.force_login(person(Role.EDUCATOR, DistrictFactory(state="TX")))
    assert client.put(f"/api/v1/capacity/supports/{support.public_id}", body, content_type="application/json").status_code == 403
    assert client.post(f"/api/v1/capacity/networks/{network.public_id}/close-applications").status_code == 403
    client.force_login(admin)
    edited = client.put(f"/api/v1/capacity/supports/{support.public_id}", body, content_type="application/json")
    assert edited.status_code == 200, edited.content
    assert (edited.json()["title"], edited.json()["strategy"], edited.json()["places"], edited.json()["demand"]) == ("New", "specialized-training", 5, 0)
    bad = client.put(f"/api/v1/capacity/supports/{support.public_id}", {**body, "strategy": "nope", "title": ""}, content_type="application/json")
    assert bad.status_code == 400 and {"strategy", "title"} <= set(bad.json()["error"]["fields"])
    net = client.put(f"/api/v1/capacity/networks/{network.public_id}", {"title": "Cohort 2027", "cap": 10}, content_type="application/json")
    assert net.status_code == 200 and net.json()["cap"] == 10 and net.json()["applications_open"] is True
    closed = client.post(f"/api/v1/capacity/networks/{network.public_id}/close-applications")
    assert closed.status_code == 200 and closed.json()["applications_open"] is False
    assert client.put(f"/api/v1/capacity/networks/{network.public_id}", {"title": "x", "cap": 0}, content_type="application/json").status_code == 400


def test_a_state_admin_sets_tiers_and_targets_with_the_form(client, instrument):
    DistrictFactory(state="TX")
    client.force_login(person(Role.EDUCATOR, DistrictFactory(state="TX")))
    assert client.get("/capacity/states/TX/tiers/").status_code == 403
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    page = client.get("/capacity/states/TX/tiers/").content.decode()
    assert 'value="tier-3"' in page and "default tiers" in page
    post = {"code-0": "emerging", "name-0": "Emerging", "min_score-0": "1", "code-1": "ready", "name-1": "Ready", "min_score-1": "2.5",
            "ta_response_days": "3", "ta_resolution_days": "30", "mentors_across_states": "on"}  # fmt: skip
    bad = client.post("/capacity/states/TX/tiers/", {**post, "code-3": "x", "name-3": "X", "min_score-3": "9"})
    assert bad.status_code == 400 and "min_score-3" in bad.context["form"].errors  # the service's error lands on the right row
    assert state_settings(jurisdiction("TX")).is_default
    assert client.post("/capacity/states/TX/tiers/", post).status_code == 302
    settings = state_settings(jurisdiction("TX"))
    assert [t.code for t in settings.tiers] == ["emerging", "ready"] or {t.code for t in settings.tiers} == {"emerging", "ready"}
    assert (settings.ta_response_days, settings.ta_resolution_days, settings.mentors_across_states) == (3, 30, True)


def test_content_editors_add_and_edit_resources_through_the_forms(client, instrument):
    client.force_login(person(Role.STATE_ADMIN, state_agency("TX")))
    assert client.get("/capacity/resources/new/").status_code == 403
    client.force_login(person(Role.CONTENT_EDITOR))
    assert "Add a resource" in client.get("/capacity/resources/").content.decode()
    bad = client.post("/capacity/resources/new/", {"title": "Guide", "kind": "guide", "url": "javascript:alert(1)", "source": ""})
    assert bad.status_code == 400 and {"url", "source"} <= set(bad.context["form"].errors) and not Resource.objects.exists()
    good = {
        "title": "Planning guide",
        "kind": "guide",
        "url": "https://example.org/g",
        "source": "Example",
        "domains": ["assessment-literacy"],
        "tiers": ["tier-3"],
    }
    assert client.post("/capacity/resources/new/", good).status_code == 302
    resource = Resource.objects.get()
    assert (resource.domains, resource.tiers, resource.published) == (["assessment-literacy"], ["tier-3"], "")
    edit_url = f"/capacity/resources/{resource.public_id}/edit/"
    assert 'value="Planning guide"' in client.get(edit_url).content.decode()
    assert client.post(edit_url, {**good, "title": "District planning guide", "published": "2016"}).status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.published) == ("District planning guide", "2016")
    assert AuditEvent.objects.filter(action="resource.update").get().after["title"] == "District planning guide"
    assert "District planning guide" in client.get("/capacity/resources/?q=planning").content.decode()
