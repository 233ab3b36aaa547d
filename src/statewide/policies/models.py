"""Models of the policies module."""
