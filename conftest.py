"""Load the CXVoyager plugin and the session fixtures; nothing else lives here."""

pytest_plugins = ["cxvoyager.plugin", "fixtures.session"]
