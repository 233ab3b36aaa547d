"""Models of the assessments module."""
