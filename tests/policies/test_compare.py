"""The comparison as the page's form sends it (four selects, unused ones empty), its header
associations, and its CSV/XLSX export."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from statewide.policies.models import PolicyRecord, PolicyType
from statewide.policies.selectors import condition_list

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "sent",
    [["ID", "NH", "", ""], ["ID", "NH", "WY", ""], ["ID", "NH", "WY", "VT"], ["", "ID", "", "NH"]],
)
def test_compare_keeps_two_three_or_four_states_sent_with_empty_selects(client, seeded, sent):
    response = client.get(reverse("policies:compare"), {"states": sent})
    picked = [u for u in sent if u]
    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert [s.usps for s in response.context["cmp"].states] == picked
    html = response.content.decode()
    # the selection survives: each chosen state is selected in a slot
    for u in picked:
        assert re.search(rf'<option value="{u}" selected>', html)


def test_every_data_cell_names_its_column_section_and_row_headers(client, seeded):
    html = client.get(reverse("policies:compare"), {"states": ["ID", "NH", "WY", "VT"]}).content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    ids = set(re.findall(r'<th id="([^"]+)"', table))
    cells = re.findall(r'<td headers="([^"]+)"', table)
    rows = 3 + PolicyType.objects.count() + len(condition_list())
    assert len(cells) == 4 * rows
    assert "<td>" not in table.split("</thead>")[1]  # no data cell without headers
    for headers in cells:
        refs = headers.split()
        assert len(refs) == 3 and set(refs) <= ids
        assert refs[0].startswith("cmp-st-") and refs[1].startswith("cmp-sec-")
    for section in ("cmp-sec-summary", "cmp-sec-types", "cmp-sec-conditions"):
        assert section in ids
    # row headers point at their section header
    assert re.search(r'<th id="cmp-t-[^"]+" headers="cmp-sec-types">', table)


def test_compare_export_csv_and_xlsx_have_the_same_rows(client, seeded):
    vt = PolicyRecord.objects.filter(jurisdiction__usps="VT").first()
    assert vt is not None
    PolicyRecord.objects.filter(pk=vt.pk).update(confirmed=False)
    query = {"states": ["ID", "VT", "", ""]}
    as_csv = client.get(reverse("policies:compare_csv"), query)
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    assert "statewide-compare-id-vt.csv" in as_csv["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.content.decode())))
    assert rows[0][2:] == ["Idaho (ID)", "Vermont (VT)"]
    assert any("HB 110" in cell for row in rows for cell in row)
    assert any(vt.title in cell and "[unconfirmed]" in cell for row in rows for cell in row)
    unconfirmed_row = next(r for r in rows if r[1] == "Unconfirmed policies in force")
    assert unconfirmed_row[3] in {"1", "0"}  # counts records in force today only
    as_xlsx = client.get(reverse("policies:compare_xlsx"), query)
    assert as_xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(as_xlsx.content)).active
    sheet = [[("" if v is None else str(v)) for v in row] for row in ws.iter_rows(values_only=True)]
    assert sheet == rows


def test_compare_export_needs_two_states(client, seeded):
    assert client.get(reverse("policies:compare_csv"), {"states": ["ID"]}).status_code == 400
    assert client.get(reverse("policies:compare_xlsx")).status_code == 400


def test_compare_page_links_its_exports(client, seeded):
    html = client.get(reverse("policies:compare"), {"states": ["ID", "NH", "", ""]}).content.decode()
    assert f"{reverse('policies:compare_csv')}?states=ID&amp;states=NH" in html
    assert f"{reverse('policies:compare_xlsx')}?states=ID&amp;states=NH" in html
