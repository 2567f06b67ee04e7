"""The delivery steps of stages 02-07, as plain functions over the API clients.

Suites call these functions and assert on what they return. Nothing here
depends on pytest. Each step looks at the real state first and changes only
what is missing, so reruns converge without duplicates.
"""
