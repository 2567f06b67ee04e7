"""The traffic record of a main-job run, checked against the references.

One run of stages 01-07 on the example plan writes ``traffic.har``; its
CloudTower REST responses must validate against the official OpenAPI spec and
its SMTX OS responses must carry every field of the captured examples. This is
how a client or simulator drift from the real shapes shows up.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLE_PLAN, PROJECT_DIR
from tests.sim_tower.spec import schema_errors

# Path patterns of SMTX OS and deployment calls -> captured response examples.
SMTX_EXAMPLES = [
    ("GET", r"/api/v2/deployment/host$", "host-scan-response.json"),
    (
        "GET",
        r"/api/v2/deployment/host/deploy_status$",
        "smtx-deployment-deploy-status-response-running.json",
    ),
    ("GET", r"/api/v2/deployment/deploy_verify$", "smtx-deployment-deploy-verify-response.json"),
    ("POST", r"/api/v3/users:setupRoot$", "fisheye-setup-root-response.json"),
    ("POST", r"/api/v3/sessions$", "fisheye-v3-sessions-response.json"),
    ("GET", r"/api/v2/tools/license$", "fisheye-tools-license-response.json"),
    ("PUT", r"/api/v2/settings/dns$", "fisheye-settings-dns-response.json"),
    ("PUT", r"/api/v2/settings/ntp$", "fisheye-settings-ntp-response.json"),
    ("POST", r"/api/v2/ipmi/upsert_accounts$", "fisheye-ipmi-upsert-accounts-response.json"),
    ("POST", r"/api/v2/network/vds$", "fisheye-network-vds-create-response.json"),
    ("GET", r"/api/v2/network/vds/[^/]+$", "fisheye-network-vds-get-response.json"),
    ("POST", r"/api/v2/network/vds/[^/]+/vlans$", "fisheye-network-vds-vlans-create-response.json"),
    (
        "GET",
        r"/api/v2/elf/cluster_recommended_cpu_models$",
        "fisheye-elf-cluster-recommended-cpu-models-response.json",
    ),
    (
        "GET",
        r"/api/v2/elf/cluster_cpu_compatibility$",
        "fisheye-elf-cluster-cpu-compatibility-get-response.json",
    ),
    ("POST", r"/api/v2/images/upload/volume$", "fisheye-images-upload-volume-response.json"),
    ("POST", r"/api/v2/svt_image/create_volume$", "fisheye-svt-image-create-volume-response.json"),
    ("GET", r"/api/v2/storage_policies$", "fisheye-storage-policies-response.json"),
    ("POST", r"/api/v2/vms$", "fisheye-vms-create-response.json"),
    ("GET", r"/api/v2/vms/[^/]+$", "fisheye-vms-get-response-cloudtower.json"),
    ("PUT", r"/api/v2/vms/[^/]+$", "fisheye-vms-update-nics-response.json"),
]


@pytest.fixture(scope="module")
def har(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the main job once (stages 01-07, max speed) and load its traffic record."""
    work = tmp_path_factory.mktemp("mainjob")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "suites/",
        "--plan",
        str(EXAMPLE_PLAN),
        "--sim-speed",
        "max",
        "--report-dir",
        str(work / "report"),
        "--state-dir",
        str(work / "state"),
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    done = subprocess.run(  # noqa: S603 - fixed argument list
        command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    loaded: dict[str, Any] = json.loads(
        (work / "report" / "traffic.har").read_text(encoding="utf-8")
    )
    return loaded


def _body(entry: dict[str, Any]) -> Any:
    content = entry["response"].get("content", {})
    text = content.get("text")
    if not text or content.get("_truncated") or "json" not in content.get("mimeType", ""):
        return None
    return json.loads(text)


def _tower_rest(har: dict[str, Any]) -> list[tuple[str, Any]]:
    calls = []
    for entry in har["log"]["entries"]:
        match = re.search(r"/v2/api/([a-z0-9-]+)$", entry["request"]["url"].split("?")[0])
        body = _body(entry)
        if match and entry["response"]["status"] == 200 and body is not None:
            calls.append((match.group(1), body))
    return calls


def _missing_keys(expected: Any, actual: Any, path: str = "") -> list[str]:
    """List the dict keys of ``expected`` (recursively, first list item) absent from ``actual``."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        missing = [f"{path}/{key}" for key in expected if key not in actual]
        for key in expected.keys() & actual.keys():
            missing += _missing_keys(expected[key], actual[key], f"{path}/{key}")
        return missing
    if isinstance(expected, list) and isinstance(actual, list) and expected and actual:
        return _missing_keys(expected[0], actual[0], f"{path}/0")
    return []


def test_har_has_cloudtower_rest_calls(har: dict[str, Any]) -> None:
    operations = {operation for operation, _ in _tower_rest(har)}
    assert {"login", "connect-cluster", "get-clusters"} <= operations, sorted(operations)


def test_cloudtower_rest_responses_follow_spec(har: dict[str, Any], reference_dir: Path) -> None:
    problems = {}
    for operation, body in _tower_rest(har):
        errors = schema_errors(reference_dir, operation, body)
        if errors:
            problems.setdefault(operation, errors[:5])
    assert problems == {}


@pytest.mark.parametrize(
    ("method", "pattern", "example"),
    SMTX_EXAMPLES,
    ids=[e[2].removesuffix(".json") for e in SMTX_EXAMPLES],
)
def test_smtx_responses_have_example_fields(
    har: dict[str, Any], reference_dir: Path, method: str, pattern: str, example: str
) -> None:
    expected = json.loads((reference_dir / "examples" / example).read_text(encoding="utf-8"))
    bodies = [
        _body(entry)
        for entry in har["log"]["entries"]
        if entry["request"]["method"] == method
        and re.search(pattern, entry["request"]["url"].split("?")[0])
        and entry["response"]["status"] == 200
    ]
    bodies = [body for body in bodies if body is not None]
    if not bodies:
        pytest.skip(f"the main job made no {method} call matching {pattern}")
    assert _missing_keys(expected, bodies[-1]) == []


def test_har_names_planned_addresses_only(har: dict[str, Any]) -> None:
    hosts = {entry["request"]["url"].split("/")[2] for entry in har["log"]["entries"]}
    assert not any(host.startswith(("127.", "localhost")) for host in hosts), sorted(hosts)
