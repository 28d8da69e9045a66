"""Wizard pages, one module per step."""
