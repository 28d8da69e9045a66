"""Dialogs: errors, supervision (incidents, audit log), preferences, about."""
