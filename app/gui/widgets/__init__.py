"""Small reusable widgets: ballot entry, gate banner, quorum indicator."""
