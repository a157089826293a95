# One registration of the shared fixtures for src/ and tests/ (a session-scoped browser must exist once).
pytest_plugins = ["zhengwu.testing.fixtures"]
