"""GUI-free core of votedesk: rules, workflow, storage, reports, signing."""
