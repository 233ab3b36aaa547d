"""Spanish: the quiz and the self-assessment respondent flow, with every data text translated by id
and no English left on those pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.test import Client

from statewide.assessments.instruments import DIRECTORY, instrument_files
from statewide.core.datatext import data_texts
from statewide.frameworks.translations import CONTENT, descriptor_key, pack_texts
from statewide.places.models import Jurisdiction
from statewide.selfassessment.models import CampaignStatus
from tests.selfassessment import factories as f

BASE = "/where-to-begin/self-assessment"
# Words that are the same in both languages or are names: product, publisher, acronyms.
SAME = {"Statewide", "KnowledgeWorks", "API", "No", "PDF", "K-12", "PreK-12", "ESEA", "Perkins", "Promise Neighborhoods", "—", "·", "English"}


def _kw_pack() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((CONTENT / "10-kw-spf-2019.yaml").read_text(encoding="utf-8"))


def test_every_quiz_text_has_a_spanish_translation() -> None:
    for path in instrument_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids = ["title", "introduction", "provenance", "priorities"]
        ids += [f"choices.{c['id']}" for c in data["choices"]] + [f"questions.{q['id']}" for q in data["questions"]]
        es = data_texts(DIRECTORY, path.stem, "es")
        missing = [i for i in ids if not es.get(i, "").strip()]
        assert not missing, f"{path.name}: no Spanish for {missing}"
        assert not set(es) - set(ids), f"{path.name}: Spanish ids that the instrument does not have: {set(es) - set(ids)}"


def test_every_condition_phase_and_descriptor_of_the_framework_has_a_spanish_translation() -> None:
    pack = _kw_pack()
    ids = [f"levels.{lv['code']}.{k}" for lv in pack["levels"] for k in ("name", "description") if lv.get(k)]
    for item in (i for i in pack["items"] if i["kind"] == "condition"):
        ids += [f"items.{item['code']}.{k}" for k in ("name", "definition") if item.get(k)]
        slots: dict[tuple[str, str], int] = {}
        for d in item.get("descriptors", []):
            n = slots.get((d["level"], d["kind"]), 0)
            slots[(d["level"], d["kind"])] = n + 1
            ids.append(descriptor_key(item["code"], d["level"], d["kind"], n))
    es = pack_texts("kw-spf-2019", "es")
    missing = [i for i in ids if not es.get(i, "").strip()]
    assert not missing, f"no Spanish for {missing}"
    assert not set(es) - set(ids), f"Spanish ids the pack does not have: {set(es) - set(ids)}"


class _Text(HTMLParser):
    """Visible text nodes and the accessible text of attributes (aria-label, title, alt, placeholder)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "alt", "placeholder") and value:
                self.texts.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _texts(html: str) -> set[str]:
    parser = _Text()
    parser.feed(html)
    return set(parser.texts)


def _english_left(client_en: Client, client_es: Client, url: str, allowed: set[str], method: str = "get", data: dict | None = None) -> list[str]:  # type: ignore[type-arg]
    en = getattr(client_en, method)(url, data or {})
    es = getattr(client_es, method)(url, data or {})
    assert en.status_code == es.status_code and en.status_code < 500, url
    english, spanish = _texts(en.content.decode()), _texts(es.content.decode())
    assert 'lang="es"' in es.content.decode()
    left = []
    for text in english & spanish:
        if text in allowed or text in SAME or not re.search(r"[A-Za-z]{3,}", text) or text.startswith("http"):
            continue
        left.append(text)
    return sorted(left)


@pytest.fixture
def clients() -> tuple[Client, Client]:
    en, es = Client(), Client()
    en.cookies["django_language"], es.cookies["django_language"] = "en", "es"
    return en, es


@pytest.mark.django_db
def test_quiz_and_its_result_have_no_english_left_in_spanish(clients) -> None:  # type: ignore[no-untyped-def]
    en, es = clients
    states = set(Jurisdiction.objects.values_list("name", flat=True)) | set(Jurisdiction.objects.values_list("usps", flat=True))
    assert _english_left(en, es, "/where-to-begin/", states) == []
    answers = {"vision": "exploration", "leadership": "not-started", "funding": "replication", "assessments": "statewide-transformation"}
    answers["priorities"] = ["responsive-funding-systems"]
    result_url = es.post("/where-to-begin/", answers)["Location"]
    assert _english_left(en, es, result_url, states) == []
    page = es.get(result_url).content.decode()
    assert "Porque respondió" in page and "Sistemas de financiamiento adaptables" in page


@pytest.mark.django_db
def test_respondent_flow_has_no_english_left_in_spanish(clients) -> None:  # type: ignore[no-untyped-def]
    en, es = clients
    c = f.campaign(groups=["Familias"], title="Autoevaluación de Texas")
    group = c.groups.get()
    data = {"Autoevaluación de Texas", "Familias", "Texas"}
    assert _english_left(en, es, f"{BASE}/join/{group.token}/", data) == []
    answer_url = es.post(f"{BASE}/join/{group.token}/")["Location"]
    last = (c.conditions.count() + 2) // 3 + 1
    for step in range(1, last + 1):
        left = _english_left(en, es, f"{answer_url}?step={step}", data)
        assert left == [], f"step {step}: {left}"
    assert "Sin empezar" in es.get(answer_url).content.decode()
    # The error of an empty submission, then the thanks page.
    assert _english_left(en, es, answer_url, data, "post", {"step": str(last), "submit": "1"}) == []
    es.post(answer_url, {"step": "1", "phase_vision-for-student-success": "not-started", "save": "1"})
    thanks = es.post(answer_url, {"step": str(last), "submit": "1"})
    assert "Gracias" in thanks.content.decode()
    c.status = CampaignStatus.CLOSED
    c.save()
    assert _english_left(en, es, f"{BASE}/join/{group.token}/", data) == []


@pytest.mark.django_db
def test_the_language_switcher_sets_spanish_and_back(client: Client) -> None:
    html = client.get("/where-to-begin/").content.decode()
    assert 'lang="es"' in html and "Español" in html and 'href="/language/es/?next=/where-to-begin/"' in html
    assert "csrfmiddlewaretoken" not in client.get("/").content.decode(), "the switcher is a link: cached public pages carry no CSRF token"
    resp = client.get("/language/es/", {"next": "/where-to-begin/"})
    assert resp.status_code == 302 and resp["Location"] == "/where-to-begin/"
    assert client.get("/language/es/", {"next": "https://evil.example/"})["Location"] == "/"
    assert client.get("/language/xx/").status_code == 404
    html = client.get("/where-to-begin/").content.decode()
    assert '<html lang="es">' in html and "Por dónde empezar" in html and ">English<" in html


def test_catalogue_is_compiled_and_current() -> None:
    locale = Path(__file__).resolve().parents[2] / "src/statewide/locale/es/LC_MESSAGES"
    po, mo = locale / "django.po", locale / "django.mo"
    assert mo.exists() and mo.stat().st_size > 1000
    from babel.messages.mofile import read_mo  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    def norm(value):  # type: ignore[no-untyped-def]
        return tuple(value) if isinstance(value, list | tuple) else value

    with po.open("rb") as p, mo.open("rb") as m:
        source = {norm(msg.id): norm(msg.string) for msg in read_po(p) if msg.id and any(norm(msg.string) or ()) and not msg.fuzzy}
        compiled = {norm(msg.id): norm(msg.string) for msg in read_mo(m) if msg.id}
    assert source == compiled, "django.mo is out of date: run `manage.py compilemessages`"


def _pieces(text: str) -> set[str]:
    """Sentences and lines of a plain text (an e-mail, a PDF's text)."""
    return {" ".join(p.split()) for p in re.split(r"(?<=[.;:!?])\s+|\n", text) if p.strip()}


def _left(english: str, spanish: str, allowed: set[str]) -> list[str]:
    left = []
    for text in _pieces(english) & _pieces(spanish):
        if text.rstrip(".;:!?") in allowed or text in SAME or not re.search(r"[A-Za-z]{3,}", text) or text.startswith("http"):
            continue
        left.append(text)
    return sorted(left)


@pytest.mark.django_db
def test_invitation_and_reminder_e_mails_have_no_english_left_in_spanish(client: Client) -> None:
    from django.core import mail  # noqa: PLC0415

    from tests.factories import person, state_agency  # noqa: PLC0415

    c = f.campaign(groups=["Familias"], title="Autoevaluación de Texas")
    group = c.groups.get()
    client.force_login(person("state_admin", state_agency("TX")))
    assert 'name="language"' in client.get(f"{BASE}/{c.public_id}/").content.decode()
    sent: dict[tuple[str, str], tuple[str, str]] = {}
    for kind in ("invitation", "reminder"):
        for language in ("en", "es"):
            mail.outbox.clear()
            data = {"group": group.token, "emails": "familia@example.org", "kind": kind, "language": language}
            assert client.post(f"{BASE}/{c.public_id}/invite/", data).status_code == 302
            sent[kind, language] = (mail.outbox[0].subject, mail.outbox[0].body)
    names = {"Autoevaluación de Texas", "Familias", "Texas", c.closes_on.isoformat()}
    for kind in ("invitation", "reminder"):
        (en_subject, en_body), (es_subject, es_body) = sent[kind, "en"], sent[kind, "es"]
        assert _left(f"{en_subject}\n{en_body}", f"{es_subject}\n{es_body}", names) == [], kind
        assert en_subject != es_subject and "/join/" in sent["reminder", "es"][1]
    assert "Su enlace personal" in sent["invitation", "es"][1] and "al menos 5 personas" in sent["invitation", "es"][1]
    assert sent["reminder", "es"][0].startswith("Recordatorio:")


@pytest.mark.django_db
def test_quiz_result_pdf_has_no_english_left_in_spanish(clients) -> None:  # type: ignore[no-untyped-def]
    import io  # noqa: PLC0415

    from pypdf import PdfReader  # noqa: PLC0415

    en, es = clients
    answers = {"vision": "exploration", "leadership": "not-started", "funding": "replication", "jurisdiction": "TX"}
    answers["priorities"] = ["responsive-funding-systems"]
    result_url = es.post("/where-to-begin/", answers)["Location"]

    def text(client: Client) -> tuple[str, PdfReader]:
        response = client.get(f"{result_url}result.pdf")
        assert response.status_code == 200
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() for page in reader.pages), reader

    (english, _r), (spanish, reader) = text(en), text(es)
    states = set(Jurisdiction.objects.values_list("name", flat=True)) | set(Jurisdiction.objects.values_list("usps", flat=True))
    assert _left(english, spanish, states) == []
    assert str(reader.trailer["/Root"]["/Lang"]).lower().startswith("es")
    assert "Por dónde empezar" in spanish and "Página 1 de" in spanish
