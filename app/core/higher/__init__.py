"""The higher-level workspace: branches and certificates, package import, overview, approval replies."""
