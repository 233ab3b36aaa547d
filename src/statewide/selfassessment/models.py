"""Models of the state self-assessment module (campaigns, groups, respondents, responses)."""
