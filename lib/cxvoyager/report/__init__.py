"""The run's reports: pytest-html hooks, summary.json, acceptance.html and the secret scan."""
