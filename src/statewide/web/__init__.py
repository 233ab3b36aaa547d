"""The web shell: home page, navigation, error pages, health check. Interface layer: may import any domain app."""
