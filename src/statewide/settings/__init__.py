"""Django settings: one base, small per-environment overrides, one typed environment reader."""
