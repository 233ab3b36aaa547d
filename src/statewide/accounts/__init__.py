"""People, roles and permissions: users, memberships, API tokens, and the permission policies."""
