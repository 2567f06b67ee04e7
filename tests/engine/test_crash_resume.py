"""The real suite killed with SIGKILL mid-step, then rerun: it converges with no duplicates.

Each test starts ``pytest suites/`` in a child process against the simulator.
It kills the process during a long step (the CloudTower ISO upload, the
cluster deployment wait or the CloudTower installer wait) and runs the suite
again on the same state directory. The rerun must pass without starting the
work over: one image, one deployment, one CloudTower VM, and no resource
recorded twice in the ledger.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.engine.crash_run import (
    CrashSite,
    chunks_received,
    cloudtower_isos,
    cloudtower_vms,
    deploying,
    duplicate_resources,
    installing_cloudtower,
    steps_run,
    uploading,
)

# 256 MiB is 32 chunks of 8 MiB. At the 90-130 ms per chunk measured on a
# development machine, the upload lasts a few real seconds: time enough to
# kill the run between two chunks.
UPLOAD_ISO_MIB = 256
SMALL_ISO_MIB = 16
UPLOAD_STEP = "suites/test_04_deploy_cloudtower.py::test_cloudtower_iso_is_in_the_cluster"
KILL_TIMEOUT = 45.0  # real seconds until the awaited moment; the first run gets there in < 15


@pytest.fixture
def site(tmp_path: Path, example_plan: Path) -> CrashSite:
    """A scratch state directory for the example plan, with small generated ISOs."""
    return CrashSite(tmp_path, example_plan, iso_mib=SMALL_ISO_MIB)


def assert_converged(site: CrashSite, report: str, exit_code: int) -> None:
    """Check that a rerun passed and left one CloudTower ISO, one CloudTower VM, no duplicates."""
    state = site.sim_state()
    assert state is not None
    ledger = site.ledger()

    assert exit_code == 0, site.output(report)[-4000:]
    isos = cloudtower_isos(state)
    assert len(isos) == 1, [(i["uuid"], i["to_upload"]) for i in isos]
    assert isos[0]["md5"] is not None, isos[0]
    vms = cloudtower_vms(state)
    assert len(vms) == 1, [(vm["uuid"], vm["vm_name"]) for vm in vms]
    assert duplicate_resources(ledger) == [], ledger["resources"]


@pytest.mark.parametrize("rerun", [("--lf",), ()], ids=["lf", "plain"])
def test_kill_during_iso_upload_resumes(
    tmp_path: Path, example_plan: Path, rerun: tuple[str, ...]
) -> None:
    """A run killed mid-upload is resumed by the rerun from the chunks the cluster holds."""
    site = CrashSite(tmp_path, example_plan, iso_mib=UPLOAD_ISO_MIB)
    first = site.start("first", speed="max")

    seen = site.kill_when(first, uploading, timeout=KILL_TIMEOUT)
    exit_code = site.run("rerun", *rerun, speed="max")

    rerun_steps = steps_run(site.summary("rerun"))
    # The killed step has no outcome in the ledger, and --lf must run it all the same.
    assert UPLOAD_STEP in rerun_steps, ("the rerun skipped the interrupted upload", rerun_steps)
    assert_converged(site, "rerun", exit_code)
    killed_image = cloudtower_isos(seen)[0]
    stored = cloudtower_isos(site.sim_state() or {})[0]
    assert stored["uuid"] == killed_image["uuid"], "the rerun must fill the volume it found"
    upload = site.ledger()["uploads"][stored["name"]]
    assert upload["resumed"] is True, upload
    assert upload["chunks_sent"] <= upload["chunks"] - chunks_received(killed_image) + 1, (
        upload,
        chunks_received(killed_image),
    )


def test_kill_during_deployment_wait_rejoins_job(site: CrashSite) -> None:
    """A run killed while the cluster deploys waits for that deployment on the rerun."""
    first = site.start("first", speed="300")

    seen = site.kill_when(first, deploying, timeout=KILL_TIMEOUT)
    exit_code = site.run("rerun", speed="300")

    assert_converged(site, "rerun", exit_code)
    state = site.sim_state() or {}
    job = state["smtx"]["deployment"]
    assert job["number"] == seen["smtx"]["deployment"]["number"], "a second deployment started"
    assert job["state"] == "done", job
    assert len(state["tower"]["clusters"]) == 1, state["tower"]["clusters"]


def test_kill_during_installer_wait_rejoins_install(site: CrashSite) -> None:
    """A run killed while the CloudTower installer runs waits for that install on the rerun."""
    first = site.start("first", speed="600")

    seen = site.kill_when(first, installing_cloudtower, timeout=KILL_TIMEOUT)
    exit_code = site.run("rerun", speed="600")

    assert_converged(site, "rerun", exit_code)
    install = (site.sim_state() or {})["tower"]["install"]
    assert install["run"] == seen["tower"]["install"]["run"], "the installer started again"
    assert install["status"] == "succeeded", install
