"""Insights pages: equity of access and comparison districts (equity), the module dashboards and reports (dashboards)."""
