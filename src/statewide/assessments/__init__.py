"""Where to begin: the policy-conditions quiz and the multi-stakeholder state self-assessment."""
