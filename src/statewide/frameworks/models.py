"""Models of the frameworks module."""
