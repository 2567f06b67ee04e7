"""The run's reports: pytest-html customization, summary.json, acceptance.html and the secret scan."""
