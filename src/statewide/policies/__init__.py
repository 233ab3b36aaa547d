"""The 50-state policy tracker: policy records with citations, history and the conditions they serve."""
