"""Statewide insights: the read side that joins every module (progress, reach, equity of access)."""
