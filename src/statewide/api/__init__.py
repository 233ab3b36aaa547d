"""The versioned JSON API (/api/v1/). Interface layer: one router module per domain."""
