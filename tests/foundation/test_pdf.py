"""PDFs: one renderer (statewide.core.pdf) for the quiz result and the self-assessment roadmap,
US Letter, tagged PDF/UA-1, the product's fonts and header. Read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from statewide.accounts.models import Role
from tests.factories import person, state_agency
from tests.selfassessment import factories as f

LETTER = (612, 792)  # points


def _check(pdf: bytes, title_words: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == LETTER
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "the PDF is not tagged"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).lower().startswith("en")
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part(?:>|=\")1\b", metadata), "not declared PDF/UA-1"
    assert title_words in str(reader.metadata.title) and str(reader.metadata.title).endswith("· Statewide")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("SourceSansPro" in name.replace("-", "") for name in fonts), fonts
    assert any("Merriweather" in name for name in fonts), fonts
    text = reader.pages[0].extract_text()
    assert "Statewide" in text and "Page 1 of" in text  # the running header and footer
    return reader


@pytest.fixture
def quiz_result_url(client, db):
    response = client.post("/where-to-begin/", {"vision": "not-started", "funding": "exploration", "priorities": ["measuring-success"], "jurisdiction": "NH"})
    assert response.status_code == 302
    return response["Location"]


def test_quiz_result_pdf_is_letter_tagged_and_branded(client, quiz_result_url):
    response = client.get(f"{quiz_result_url}result.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = _check(response.content, "Where to begin")
    assert "Begin with these conditions" in "".join(p.extract_text() for p in reader.pages)


def test_roadmap_pdf_is_letter_tagged_and_branded(client, db):
    campaign = f.campaign("TX", status="closed")
    admin = person(Role.STATE_ADMIN, state_agency("TX"))
    from statewide.selfassessment import services  # noqa: PLC0415

    services.decision_record(actor=admin, campaign=campaign, item=f.conditions()[0], level=None, rationale="x", is_priority=True)
    client.force_login(admin)
    response = client.get(f"/where-to-begin/self-assessment/{campaign.public_id}/roadmap.pdf")
    assert response.status_code == 200
    reader = _check(response.content, "Roadmap")
    assert f.conditions()[0].name in "".join(p.extract_text() for p in reader.pages).replace("\n", " ")
