"""The suite engine behind ``cxvoyager.plugin``: options, stages, dependencies, resume, runs."""
