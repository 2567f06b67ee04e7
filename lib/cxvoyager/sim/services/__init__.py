"""Simulated services; every module exposing ``blueprint`` is mounted by ``app.create_app``."""
