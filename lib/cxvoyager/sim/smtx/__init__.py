"""State logic of the simulated SMTX OS: deployment, Fisheye sessions, jobs, networks, images, VMs.

The route modules ``services/deployment*.py`` and ``services/fisheye*.py``
stay thin. They parse the request, call plain functions here that read and
change the state document, and render the response in the real shapes.
"""
