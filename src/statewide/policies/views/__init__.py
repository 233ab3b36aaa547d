"""Pages of the policy tracker (map, state profiles, records, changes, follows, editing)."""
