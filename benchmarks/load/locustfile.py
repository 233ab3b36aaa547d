"""The `make load` scenario: anonymous readers and signed-in staff on the national dataset.

Run by scripts/load.sh as its own process (locust's gevent patching must come before anything
imports ssl; never import Django or our code here). Every request is named by page so the
summary has one row per page; "floor" is /healthz (one trivial query through the whole
middleware stack), the bare-view floor of the same run.
"""

from __future__ import annotations

import os
import random
import time

import gevent
from locust import HttpUser, between, events, task

STATES = ["CA", "TX", "NY", "FL", "ID", "NH", "OH", "WA"]
CONDITIONS = ["vision-for-student-success", "collaborative-leadership", "student-learning-pathways"]
STAFF_SESSION = os.environ.get("LOAD_STAFF_SESSION", "")
CAMPAIGN = os.environ.get("LOAD_CAMPAIGN", "")


@events.test_start.add_listener
def _bounded_run(environment, **_kwargs):  # type: ignore[no-untyped-def]
    """Stop after LOAD_SECONDS of real time. (locust's own --run-time timer is scheduled on gevent's
    cached loop clock, which is stale after a slow start on a busy machine, so it can fire at once.)"""
    seconds = float(os.environ.get("LOAD_SECONDS", "0"))
    if not seconds or environment.runner is None:
        return
    end = time.monotonic() + seconds

    def stop() -> None:
        while time.monotonic() < end:
            gevent.sleep(0.5)
        environment.runner.quit()

    gevent.spawn(stop)


class Reader(HttpUser):
    """An anonymous reader (the public after a press release): every public page, mostly warm."""

    weight = 8
    wait_time = between(0.5, 2)

    @task(2)
    def floor(self) -> None:
        self.client.get("/healthz", name="floor (bare view)")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(2)
    def framework(self) -> None:
        self.client.get("/frameworks/kw-spf-2019/", name="framework overview")
        self.client.get(f"/frameworks/kw-spf-2019/items/{random.choice(CONDITIONS)}/", name="framework condition page")

    @task(3)
    def tracker_map(self) -> None:
        self.client.get("/tracker/", name="tracker map")

    @task(1)
    def tracker_map_past_year(self) -> None:
        self.client.get(f"/tracker/?year={random.randint(2000, 2025)}", name="tracker map, a past year")

    @task(3)
    def state_profile(self) -> None:
        self.client.get(f"/tracker/states/{random.choice(STATES)}/", name="state profile")

    @task(2)
    def policy_list(self) -> None:
        self.client.get("/tracker/policies/", name="policy list page")

    @task(2)
    def api(self) -> None:
        self.client.get("/api/v1/policies/?limit=50", name="API policies, first page")
        self.client.get("/api/v1/jurisdictions/", name="API jurisdictions")
        self.client.get(f"/api/v1/jurisdictions/{random.choice(STATES)}/", name="API state profile")


class Staff(HttpUser):
    """Signed-in staff (an operator): never served from the shared cache."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        # Production cookies are Secure; over loopback HTTP the session goes in the header itself.
        self.client.headers["Cookie"] = f"sessionid={STAFF_SESSION}"

    @task(2)
    def tracker_map(self) -> None:
        self.client.get("/tracker/", name="staff: tracker map")

    @task(2)
    def state_profile(self) -> None:
        self.client.get(f"/tracker/states/{random.choice(STATES)}/", name="staff: state profile")

    @task(1)
    def results(self) -> None:
        if CAMPAIGN:
            self.client.get(f"/where-to-begin/self-assessment/{CAMPAIGN}/results/", name="staff: self-assessment results (5,000)")
