"""Cross-cutting foundations: base models, the audit trail, errors, permission policies, request ids."""
