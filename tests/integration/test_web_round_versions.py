"""The web's per-plan cache and data rounds: filling and submitting a row changes nothing the dashboard
evaluates (it keeps its cached evaluation), approving a row writes an observation (the cache is rebuilt).
Definitions: guihua.web.store_backend's docstring."""

from __future__ import annotations

from guihua.store import rounds
from guihua.store.repository import open_store
from guihua.web.store_backend import StoreBackend
from tests.integration.store_helpers import PLAN, open_forest_round


def test_round_rows_leave_the_plan_version_and_approval_moves_it(db_url: str) -> None:
    store = open_store(db_url)
    try:
        open_forest_round(store)
        backend = StoreBackend(db_url, store)
        before = backend.version(PLAN)
        observations_before = len(backend.observations(PLAN))
        [row] = store.round_rows(PLAN, 2018)
        row = rounds.fill(store, row.id, value="48.5", user="林业局填报员", department="市林业局",
                          expected_version=row.row_version)
        store.submit_round_rows([row.id], user="林业局填报员", department="市林业局")
        assert backend.version(PLAN) == before  # filled and submitted: not yet a value of the plan
        assert len(backend.observations(PLAN)) == observations_before
        rounds.approve(store, [row.id], user="规划办")
        assert backend.version(PLAN) > before
        assert len(backend.observations(PLAN)) == observations_before + 1
    finally:
        store.dispose()
