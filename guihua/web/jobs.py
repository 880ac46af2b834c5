"""Long work off the event loop: an import runs in a worker thread as a job with a visible state.

A job has an unguessable id, an owner (the account that started it; nobody else sees it), a plan,
a title (the file's name), a state (排队中 -> 进行中 -> 已完成, or 出错 for a bug, logged with an error
id) and, when done, its result. At most WORKERS jobs run at once; the others wait their turn.
A route starts a job and waits for it a short while without blocking the event loop (`wait`): a
small file is answered at once as before, a large one with the job, whose page refreshes itself
(and whose JSON the API client polls) until the result is there. Meanwhile the server answers
everyone else. Jobs live in memory, per application: at most MAX_JOBS, each for MAX_AGE seconds
after it finished (a restart forgets them; an import interrupted by it wrote nothing, being one
transaction).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger("guihua.web")

QUEUED, RUNNING, DONE, FAILED = "排队中", "进行中", "已完成", "出错"
WORKERS = 2
MAX_JOBS = 64
MAX_AGE = 3600.0


@dataclass
class Job:
    id: str
    owner: str
    plan_id: str
    title: str
    state: str = QUEUED
    created: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    result: Any = None
    error_id: str | None = None
    #: what the route needs to show the result (the uploaded bytes, a mapping step's token...)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.state in (DONE, FAILED)

    def elapsed(self) -> float:
        """Seconds since it was started (or queued), to its end when finished."""
        return round((self.finished or time.time()) - (self.started or self.created), 1)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "plan": self.plan_id, "file": self.title, "state": self.state, "done": self.done,
                "created_at": _iso(self.created), "started_at": _iso(self.started),
                "finished_at": _iso(self.finished), "seconds": self.elapsed(), "error_id": self.error_id}


def _iso(t: float | None) -> str | None:
    return None if t is None else datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Jobs:
    """The jobs of one application."""

    def __init__(self, workers: int = WORKERS) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(workers)

    def submit(self, owner: str, plan_id: str, title: str, work: Callable[[], Any], **data: Any) -> Job:
        """Start `work` in a worker thread; its return value becomes the job's result."""
        job = Job(secrets.token_urlsafe(12), owner, plan_id, title, data=data)
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, work), name=f"guihua-job-{job.id[:6]}", daemon=True).start()
        return job

    def _run(self, job: Job, work: Callable[[], Any]) -> None:
        with self._slots:
            job.started, job.state = time.time(), RUNNING
            try:
                job.result = work()
            except Exception:
                from guihua.web.errors import new_error_id

                job.error_id = new_error_id()
                log.exception("内部错误 %s：后台任务 %s（%s）", job.error_id, job.id, job.title)
                job.finished, job.state = time.time(), FAILED
            else:
                job.finished, job.state = time.time(), DONE  # the state last: a reader seeing it sees the rest

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if `owner` started it (None for another account's job or an unknown id)."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def _forget_old(self) -> None:
        now = time.time()
        for k in [k for k, j in self._jobs.items() if j.finished and now - j.finished > MAX_AGE]:
            del self._jobs[k]
        finished = sorted((j for j in self._jobs.values() if j.done), key=lambda j: j.finished or 0)
        while len(self._jobs) >= MAX_JOBS and finished:
            del self._jobs[finished.pop(0).id]


async def wait(job: Job, seconds: float) -> bool:
    """Whether the job finished within `seconds`; the event loop keeps serving meanwhile (it sleeps
    between looks: a few milliseconds at first, at most 50)."""
    deadline = time.monotonic() + max(seconds, 0.0)
    pause = 0.005
    while not job.done:
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(min(pause, max(deadline - time.monotonic(), 0.0)))
        pause = min(pause * 2, 0.05)
    return True


def jobs_of(app: Any) -> Jobs:
    """The application's jobs (created on first use)."""
    jobs = getattr(app.state, "jobs", None)
    if jobs is None:
        jobs = Jobs()
        app.state.jobs = jobs
    return jobs
