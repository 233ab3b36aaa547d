"""Pages of the self-assessment module, split by sub-domain."""
