"""Headless subcommands of `votedesk`, one module per area, each with register(subparsers)."""
