"""Bulk import of actual values (SQLite and PostgreSQL): the same outcome as inserting row by row.

Written from the definitions in guihua.store.observations_repo.insert_observations: a new value is
flagged is_conflict when any other value of its indicator, period and measure (stored or new) says
something else; a stored value a new one contradicts is flagged too, with one `flag` audit row;
every new value has one `import` audit row; ids follow the file's rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from guihua.store.actuals import import_actuals
from guihua.store.repository import Store, open_store
from tests.integration.store_helpers import PLAN, ingest

HEAD = "indicator,year,value,unit,measure,source,note\n"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    ingest(s)
    yield s
    s.dispose()


def _csv(tmp_path: Path, body: str, name: str) -> Path:
    p = tmp_path / name
    p.write_text(HEAD + body, encoding="utf-8")
    return p


def test_flags_and_audit_match_one_by_one_inserts(store: Store, tmp_path: Path) -> None:
    import_actuals(store, PLAN, _csv(tmp_path, "森林覆盖率,2016,46,%,,stored,\n"
                                               "森林覆盖率,2017,48,%,,stored,\n", "1.csv"), user="u")
    stored = {o.period: o for o in store.list_observations(plan_id=PLAN)}
    audit_before = len(store.audit_log(plan_id=PLAN))
    s = import_actuals(store, PLAN, _csv(tmp_path,
                                         "森林覆盖率,2016,46,%,,b,\n"          # 2 same as stored: in conflict only
                                         "森林覆盖率,2017,48,%,,b,\n"          # 3 same as stored, no other: no conflict
                                         "森林覆盖率,2016,47,%,,c,\n"          # 4 differs: conflicts with 2 and stored
                                         "地区生产总值,2018,3000,亿元,,a,\n"    # 5 new group, agrees with 6
                                         "地区生产总值,2018,300,十亿元,,b,\n",  # 6 same after conversion
                                         "2.csv"), user="v")
    assert s.rows == 5 and s.conflicts == 2
    obs = {o.id: o for o in store.list_observations(plan_id=PLAN)}
    new = [obs[i] for i in s.observation_ids]
    assert [o.import_line for o in new] == [2, 3, 4, 5, 6]  # ids follow the rows
    assert s.observation_ids == sorted(s.observation_ids)
    assert [o.is_conflict for o in new] == [True, False, True, False, False]
    assert all(o.row_version == 1 for o in new)
    assert obs[stored["2016"].id].is_conflict and obs[stored["2016"].id].row_version == 2
    assert not obs[stored["2017"].id].is_conflict and obs[stored["2017"].id].row_version == 1
    entries = store.audit_log(plan_id=PLAN)[audit_before:]
    imports = [e for e in entries if e.action == "import"]
    assert sorted(int(e.entity_id) for e in imports) == sorted(s.observation_ids)
    assert all(e.user == "v" and e.entity == "observation" for e in entries)
    assert {int(e.entity_id): e.new["line"] for e in imports} == {o.id: o.import_line for o in new}
    flags = [e for e in entries if e.action == "flag"]
    assert [(int(e.entity_id), e.field, e.old, e.new) for e in flags] == [
        (stored["2016"].id, "is_conflict", False, True)]


def test_many_values_of_one_indicator_and_year(store: Store, tmp_path: Path) -> None:
    """The shape that made conflict detection quadratic: every row the same indicator and year."""
    n = 3000
    body = "".join(f"森林覆盖率,2018,{41 if i == 1234 else 40},%,,来源{i},\n" for i in range(n))
    s = import_actuals(store, PLAN, _csv(tmp_path, body, "many.csv"), user="u")
    assert s.rows == n and s.conflicts == n  # every value has one that differs (41 against 40, or back)
    audit = store.audit_log(plan_id=PLAN, entity="observation")
    assert sum(1 for e in audit if e.action == "import") == n and not any(e.action == "flag" for e in audit)
    # correcting the odd one out clears every flag (the re-check after an edit), each audited
    odd = next(o for o in store.list_observations(plan_id=PLAN) if o.value == 41)
    store.set_observation(odd.id, {"value": 40.0}, user="u")
    assert not any(o.is_conflict for o in store.list_observations(plan_id=PLAN))
    flags = [e for e in store.audit_log(plan_id=PLAN, entity="observation") if e.action == "flag"]
    assert len(flags) == n and all(e.old is True and e.new is False for e in flags)


def test_a_single_value_added_by_form_flags_the_stored_one(store: Store) -> None:
    from guihua.store.records import NewObservation

    ind = store.find_indicator(PLAN, "森林覆盖率")
    assert ind is not None
    a = store.add_observation(PLAN, NewObservation(ind.id, "2019", 2019, 2019, "level", 49.0, "49", "%",
                                                   49.0, "%", source="x"), user="u")
    assert not a.is_conflict
    b = store.add_observation(PLAN, NewObservation(ind.id, "2019", 2019, 2019, "level", 50.0, "50", "%",
                                                   50.0, "%", source="y"), user="u")
    assert b.is_conflict and store.get_observation(a.id).is_conflict
    store.delete_observation(b.id, user="u")
    assert not store.get_observation(a.id).is_conflict
