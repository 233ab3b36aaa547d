"""Cross-cutting foundations: base models, the audit trail, errors, permission policies, request ids."""

SITE_NAME = "Statewide"  # the product's name: page titles ("… · Statewide"), footer, PDFs
