"""The higher-level workspace window: a mode of the same app over app.core.higher (``votedesk --higher``)."""
