"""The --sim-fault grammar, and faults firing on a running simulator."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import requests

from cxvoyager.clock import VirtualClock
from cxvoyager.sim import FaultSpecError, SimEndpoints, Simulator, parse_fault
from cxvoyager.sim.faults import FaultInjector
from tests.factories import make_plan

NODE = "10.0.20.11"
SCAN = "/api/v2/deployment/host"
TOKEN = {"x-smartx-token": "0123456789abcdef0123456789abcdef"}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param(
            "http:GET /api/v2/*:503:2", ("http", "GET", "/api/v2/*", 503, 2, 0, ""), id="http"
        ),
        pytest.param(
            "http:* /v3/chunkedUploads/*:commit:500:1",
            ("http", "*", "/v3/chunkedUploads/*:commit", 500, 1, 0, ""),
            id="glob-with-colon",
        ),
        pytest.param(
            "reset:POST /v2/api/login:3",
            ("reset", "POST", "/v2/api/login", 0, 3, 0, ""),
            id="reset",
        ),
        pytest.param(
            "latency:get /api/*:250",
            ("latency", "GET", "/api/*", 0, 0, 250, ""),
            id="latency-lowercase-method",
        ),
        pytest.param(
            "task:cluster-deploy:fail:1", ("task", "*", "*", 0, 1, 0, "cluster-deploy"), id="task"
        ),
    ],
)
def test_fault_spec_parses(spec: str, expected: tuple[object, ...]) -> None:
    fault = parse_fault(spec)
    assert (
        fault.kind,
        fault.method,
        fault.path_glob,
        fault.status,
        fault.remaining,
        fault.milliseconds,
        fault.task_kind,
    ) == expected


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        pytest.param("boom:GET /x:1", "unknown fault kind", id="unknown-kind"),
        pytest.param("http:GET /x:700:1", "outside 100-599", id="bad-status"),
        pytest.param("http:GET /x:503:0", "must be positive", id="zero-count"),
        pytest.param("http:FETCH /x:503:1", "unknown HTTP method", id="bad-method"),
        pytest.param("http:GET x:503:1", "must start with '/'", id="relative-path"),
        pytest.param("reset:GET /x:many", "not a whole number", id="count-not-number"),
        pytest.param("task:cluster-deploy:1", "task:<kind>:fail:<count>", id="task-missing-fail"),
        pytest.param("task:teleport:fail:1", "unknown task kind", id="unknown-task-kind"),
    ],
)
def test_fault_spec_rejected(spec: str, problem: str) -> None:
    with pytest.raises(FaultSpecError) as caught:
        parse_fault(spec)
    assert problem in str(caught.value)
    assert spec in str(caught.value)


def test_counted_faults_run_out() -> None:
    injector = FaultInjector(["http:GET /a/*:503:2", "task:upload:fail:1"])
    hits = [injector.take_request_fault("GET", "/a/b") for _ in range(3)]
    assert [fault.status if fault else None for fault in hits] == [503, 503, None]
    assert injector.take_request_fault("POST", "/a/b") is None
    assert [injector.take_task_failure("upload") for _ in range(2)] == [True, False]


@pytest.fixture
def site(tmp_path: object) -> Iterator[tuple[Simulator, SimEndpoints]]:
    simulator = Simulator(make_plan(), state_dir=None, clock=VirtualClock(None))
    endpoints = simulator.start()
    yield simulator, endpoints
    simulator.stop()


def _scan(endpoints: SimEndpoints) -> requests.Response:
    return requests.get(
        f"http://127.0.0.1:{endpoints.http_port}{SCAN}", headers={"Host": NODE, **TOKEN}, timeout=5
    )


def test_http_fault_answers_status_then_clears(site: tuple[Simulator, SimEndpoints]) -> None:
    simulator, endpoints = site
    simulator.context.faults.add(f"http:GET {SCAN}:503:1")
    assert _scan(endpoints).status_code == 503
    assert _scan(endpoints).status_code == 200


def test_reset_fault_signals_reset(site: tuple[Simulator, SimEndpoints]) -> None:
    simulator, endpoints = site
    simulator.context.faults.add(f"reset:GET {SCAN}:1")
    response = _scan(endpoints)
    assert response.headers.get("X-CXVoyager-Sim") == "reset"
    assert _scan(endpoints).status_code == 200


def test_latency_fault_delays_requests(site: tuple[Simulator, SimEndpoints]) -> None:
    simulator, endpoints = site
    simulator.context.faults.add(f"latency:GET {SCAN}:300")
    started = time.monotonic()
    assert _scan(endpoints).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_unplanned_address_is_unreachable(site: tuple[Simulator, SimEndpoints]) -> None:
    _, endpoints = site
    response = requests.get(
        f"http://127.0.0.1:{endpoints.http_port}{SCAN}",
        headers={"Host": "10.0.20.99", **TOKEN},
        timeout=5,
    )
    assert response.status_code == 502
    assert response.headers.get("X-CXVoyager-Sim") == "unreachable"


def test_unfired_lists_faults_that_never_fired() -> None:
    injector = FaultInjector(["http:GET /a:503:1", "task:upload:fail:1", "latency:GET /b:5"])
    injector.take_request_fault("GET", "/a")
    injector.latency_ms("GET", "/b")
    assert injector.unfired() == ["task:upload:fail:1"]
