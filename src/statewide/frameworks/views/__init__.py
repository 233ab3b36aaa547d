"""Pages of the framework knowledge base: public browsing, versions, and editing for content editors."""
