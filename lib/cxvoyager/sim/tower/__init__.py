"""State logic of the simulated CloudTower: its database, tasks, uploads and apps.

The routes live in ``cxvoyager.sim.services`` (``tower_*`` for REST under
``/v2/api``, ``graphql*`` for ``/api``, ``ovm*`` and ``inspector*``); this
package holds what they share as plain functions over
``state["tower"]``, so that a scheduled action and a route change the same
document in the same way.
"""
