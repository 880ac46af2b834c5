"""Project library on the seed: ingest time with projects, library size, link suggestions."""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from pathlib import Path


def main() -> None:
    from guihua.store import projects_repo as pr
    from guihua.store.demo import PLAN_ID, build_demo_database
    from guihua.store.repository import open_store

    with tempfile.TemporaryDirectory() as d:
        url = f"sqlite:///{Path(d) / 'demo.db'}"
        t0 = time.perf_counter()
        build_demo_database(url)
        print(f"demo build (ingest incl. projects and links, actuals): {time.perf_counter() - t0:.2f} s")
        store = open_store(url)
        try:
            projects = store.list_projects(PLAN_ID)
            mentions = pr.list_mentions(store, plan_id=PLAN_ID)
            links = pr.list_links(store, plan_id=PLAN_ID)
            inds = {i.id: i.name for i in store.list_indicators(PLAN_ID)}
            located = sum(1 for p in projects if any(m.counties for m in mentions if m.project_id == p.id))
            print(f"projects {len(projects)}, mentions {len(mentions)}, with a county {located}")
            print(f"link suggestions {len(links)} over {len({lk.project_id for lk in links})} projects "
                  f"and {len({lk.indicator_id for lk in links})} indicators")
            for name, n in Counter(inds[lk.indicator_id] for lk in links).most_common(5):
                print(f"  {name}: {n}")
            t0 = time.perf_counter()
            pr.list_links(store, plan_id=PLAN_ID)
            store.list_projects(PLAN_ID)
            print(f"library read: {(time.perf_counter() - t0) * 1000:.1f} ms")
        finally:
            store.dispose()


if __name__ == "__main__":
    main()
