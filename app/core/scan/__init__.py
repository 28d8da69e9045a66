"""Reading the app's own printed ballots from scans (issue 17): pure Python over Pillow, no Qt."""
