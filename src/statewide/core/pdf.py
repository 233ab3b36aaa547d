"""The one way Statewide renders a PDF: US Letter, tagged PDF/UA-1, the product's type and header.

    pdf_bytes = pdf_render("assessments/result_pdf.html", context, request=request)

The template extends `pdf/base.html` (title, language, the header on the first page). The page
style lives here: Letter paper with 0.75 in margins, Source Sans Pro for text and Merriweather
for headings (USWDS's fonts, from the installed USWDS package), "Statewide" and the document
title at the top of every page, "Page n of N" at the bottom. WeasyPrint writes a tagged PDF in
its PDF/UA-1 variant (structure tree, document title and language in the metadata).

Everything is read from local files: no URL is fetched while rendering.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from statewide.core import SITE_NAME

PDF_VARIANT = "pdf/ua-1"
PAGE_SIZE = "letter"  # 8.5 in × 11 in = 612 × 792 PostScript points
FONTS = {
    # (family, weight, style): static path of the TrueType file shipped with USWDS
    ("Source Sans Pro", 400, "normal"): "uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.ttf",
    ("Source Sans Pro", 700, "normal"): "uswds/fonts/source-sans-pro/sourcesanspro-bold-webfont.ttf",
    ("Source Sans Pro", 400, "italic"): "uswds/fonts/source-sans-pro/sourcesanspro-italic-webfont.ttf",
    ("Merriweather", 700, "normal"): "uswds/fonts/merriweather/Latin-Merriweather-Bold.ttf",
}


@cache
def _font_faces() -> str:
    faces = []
    for (family, weight, style), static_path in FONTS.items():
        found = finders.find(static_path)
        if found:
            uri = Path(str(found)).resolve().as_uri()
            faces.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; src: url("{uri}"); }}')
    return "\n".join(faces)


def _page_css() -> str:
    page_of = _("Page %(n)s of %(total)s") % {"n": '" counter(page) "', "total": '" counter(pages) "'}
    return f"""
{_font_faces()}
@page {{
  size: {PAGE_SIZE};
  margin: 0.9in 0.75in 0.75in 0.75in;
  @top-left {{ content: "{SITE_NAME}"; font-family: "Merriweather", Georgia, serif; font-weight: 700; font-size: 10pt; color: #162e51; }}
  @top-right {{ content: string(pdf-title); font-family: "Source Sans Pro", sans-serif; font-size: 9pt; color: #565c65; }}
  @bottom-right {{ content: "{page_of}"; font-family: "Source Sans Pro", sans-serif; font-size: 9pt; color: #565c65; }}
}}
html {{ font-family: "Source Sans Pro", "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.4; color: #1b1b1b; }}
h1, h2, h3 {{ font-family: "Merriweather", Georgia, serif; font-weight: 700; color: #162e51; line-height: 1.2; break-after: avoid; }}
h1 {{ font-size: 18pt; string-set: pdf-title content(text); margin-top: 0; }}
h2 {{ font-size: 14pt; margin-top: 16pt; }} h3 {{ font-size: 12pt; }}
.pdf-header {{ border-bottom: 3px solid #005ea2; padding-bottom: 6pt; margin-bottom: 12pt; }}
.pdf-header p {{ margin: 0; color: #565c65; font-size: 9pt; }}
a {{ color: #005ea2; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #dfe1e2; text-align: left; vertical-align: top; padding: 3pt; }}
caption {{ text-align: left; font-weight: 700; padding: 4pt 0; }}
.usa-sr-only {{ display: none; }}
.usa-hint {{ color: #565c65; }}
form, button, .no-print {{ display: none; }}
.statewide-chart {{ margin: 8pt 0; break-inside: avoid-page; }}
.statewide-chart__title {{ display: block; font-weight: 700; }}
.statewide-chart__summary {{ display: block; color: #565c65; }}
.statewide-chart__svg {{ display: block; width: 100%; height: auto; }}
"""


def pdf_render(template: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render `template` (which extends pdf/base.html) to PDF bytes."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 - heavy import, only for PDFs
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    html = render_to_string(template, {"site_name": SITE_NAME, **context}, request=request)
    fonts = FontConfiguration()
    # Fonts come from local files; the document may embed data: URIs; nothing goes over the network.
    page = CSS(string=_page_css(), url_fetcher=URLFetcher(allowed_protocols={"file"}), font_config=fonts)
    document = HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return bytes(document.write_pdf(stylesheets=[page], font_config=fonts, pdf_variant=PDF_VARIANT, pdf_tags=True))
