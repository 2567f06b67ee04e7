"""Cluster settings behind Fisheye: VIP, DNS, NTP, IPMI accounts and CPU compatibility."""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from cxvoyager.sim import hardware, network
from cxvoyager.sim.context import SimContext
from cxvoyager.sim.smtx import jobs, store
from cxvoyager.sim.smtx.envelope import DUPLICATE, SmtxApiError, check_list, check_object, invalid

JOB_SECONDS = 8  # DNS and NTP jobs push the setting to every node
IPMI_PORT = network.IPMI_PORT
_HOSTNAME = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$")


def _ipv4(value: str, path: str) -> IPv4Address:
    try:
        return IPv4Address(value)
    except ValueError:
        raise invalid(path, f"{value!r} is not an IPv4 address") from None


def _subnet(ctx: SimContext, kind: str) -> IPv4Network:
    """Return the deployed subnet of ``mgt`` or ``storage`` (the plan's, for a seeded cluster)."""
    deployed = store.private(ctx.state).get("subnets", {}).get(kind)
    if deployed is not None:
        return IPv4Network(deployed)
    planned = ctx.plan.networks.management if kind == "mgt" else ctx.plan.networks.storage
    if planned.subnet is None:
        raise invalid(
            "management_vip" if kind == "mgt" else "iscsi_vip", f"the {kind} subnet is unknown"
        )
    return planned.subnet


def set_vip(ctx: SimContext, body: dict[str, Any]) -> None:
    """Set the management VIP and the iSCSI VIP; the VIP accepts HTTPS connections at once.

    Raises:
        SmtxApiError: an address is invalid, outside its subnet or in use.
    """
    check_object(
        body, "", required={"management_vip": str}, optional={"iscsi_vip": (str, type(None))}
    )
    cluster = store.cluster(ctx)
    vip = _ipv4(body["management_vip"], "management_vip")
    subnet = _subnet(ctx, "mgt")
    if vip not in subnet or vip in (subnet.network_address, subnet.broadcast_address):
        raise invalid(
            "management_vip", f"{vip} is not a host address of the management subnet {subnet}"
        )
    if str(vip) != cluster["vip"] and network.in_use(ctx.state, str(vip)):
        raise SmtxApiError(409, DUPLICATE, f"management_vip {vip} is already in use on the network")
    iscsi = body.get("iscsi_vip")
    if iscsi is not None and _ipv4(iscsi, "iscsi_vip") not in _subnet(ctx, "storage"):
        raise invalid("iscsi_vip", f"{iscsi} is not in the storage subnet")

    if cluster["vip"] and cluster["vip"] != str(vip):
        network.detach(ctx.state, cluster["vip"])
    cluster["vip"] = str(vip)
    store.private(ctx.state)["iscsi_vip"] = iscsi
    network.attach(
        ctx.state, str(vip), kind="vip", key=cluster["uuid"], ports=[network.SCHEME_PORTS["https"]]
    )


def get_vip(ctx: SimContext) -> dict[str, Any]:
    """Render the VIP settings (NOTE: the GET is not captured; the shape mirrors the PUT body)."""
    return {
        "management_vip": store.cluster(ctx)["vip"],
        "iscsi_vip": store.private(ctx.state).get("iscsi_vip"),
    }


def update_dns(ctx: SimContext, body: dict[str, Any]) -> str:
    """Start a job that sets the cluster DNS servers (IPv4 only); return the job id.

    Raises:
        SmtxApiError: the body is invalid.
    """
    check_object(body, "", required={"dns_servers": list})
    servers = check_list(body["dns_servers"], "dns_servers", str, min_items=1)
    for index, server in enumerate(servers):
        _ipv4(server, f"dns_servers[{index}]")
    # NOTE: the captured DNS/NTP responses show only the job id, so these job names are a guess.
    return jobs.create_job(
        ctx,
        description="CLUSTER_UPDATE_DNS",
        event_name="UPDATE_DNS_SERVER",
        resources={},
        message_key="sim_smtx.job.update_dns",
        seconds=JOB_SECONDS,
        args={"dns_servers": servers},
        servers=", ".join(servers),
    )


@jobs.finisher("CLUSTER_UPDATE_DNS")
def _dns_done(ctx: SimContext, job: dict[str, Any]) -> None:
    store.cluster(ctx)["dns_servers"] = list(job["_args"]["dns_servers"])


def update_ntp(ctx: SimContext, body: dict[str, Any]) -> str:
    """Start a job that sets the NTP mode and servers (IPs or host names); return the job id.

    Raises:
        SmtxApiError: the body is invalid.
    """
    check_object(body, "", required={"ntp_mode": str, "ntp_servers": list})
    mode = body["ntp_mode"]
    if mode not in ("external", "internal"):
        raise invalid("ntp_mode", f"{mode!r} is not 'external' or 'internal'")
    servers = check_list(
        body["ntp_servers"], "ntp_servers", str, min_items=1 if mode == "external" else 0
    )
    for index, server in enumerate(servers):
        if not _HOSTNAME.match(server):
            raise invalid(f"ntp_servers[{index}]", f"{server!r} is not an IP address or host name")
    return jobs.create_job(
        ctx,
        description="CLUSTER_UPDATE_NTP",
        event_name="UPDATE_NTP_SERVER",
        resources={},
        message_key="sim_smtx.job.update_ntp",
        seconds=JOB_SECONDS,
        args={"ntp_mode": mode, "ntp_servers": servers},
        servers=", ".join(servers) or "-",
    )


@jobs.finisher("CLUSTER_UPDATE_NTP")
def _ntp_done(ctx: SimContext, job: dict[str, Any]) -> None:
    cluster = store.cluster(ctx)
    cluster["ntp_mode"] = job["_args"]["ntp_mode"]
    cluster["ntp_servers"] = list(job["_args"]["ntp_servers"])


_ACCOUNT = {"node_name": str, "host": str, "user": str, "node_uuid": str, "password": str}


def upsert_ipmi(ctx: SimContext, body: dict[str, Any]) -> dict[str, Any]:
    """Store BMC accounts; each is valid when it matches the node's reachable BMC.

    A wrong address, user or password, or an unreachable BMC, lands in
    ``failure[]`` with ``is_valid: false``; the call itself still succeeds.

    Raises:
        SmtxApiError: the body is invalid or names an unknown node.
    """
    check_object(body, "", required={"accounts": list})
    accounts = check_list(body["accounts"], "accounts", dict, min_items=1)
    cluster = store.cluster(ctx)
    result: dict[str, list[dict[str, Any]]] = {"success": [], "failure": []}
    stored = store.private(ctx.state).setdefault("ipmi_accounts", {})
    for index, account in enumerate(accounts):
        check_object(account, f"accounts[{index}]", required=_ACCOUNT)
        if account["node_uuid"] not in cluster["hosts"]:
            raise invalid(
                f"accounts[{index}].node_uuid",
                f"{account['node_uuid']!r} is not a host of this cluster",
            )
        _ipv4(account["host"], f"accounts[{index}].host")
        valid = _bmc_accepts(ctx, account)
        item = {
            "node_uuid": account["node_uuid"],
            "node_name": account["node_name"],
            "host": account["host"],
            "port": IPMI_PORT,
            "user": account["user"],
            "is_valid": valid,
            "interface": "lanplus" if valid else None,
        }
        stored[account["node_uuid"]] = item
        result["success" if valid else "failure"].append(item)
    return result


def _bmc_accepts(ctx: SimContext, account: dict[str, Any]) -> bool:
    host = store.cluster(ctx)["hosts"][account["node_uuid"]]
    plan_host = next(h for h in ctx.plan.hosts if str(h.management_ip) == host["management_ip"])
    if plan_host.bmc_ip is None or account["host"] != str(plan_host.bmc_ip):
        return False
    if network.lookup(ctx.state, account["host"], IPMI_PORT) is None:
        return False
    password = plan_host.bmc_password.get_secret_value() if plan_host.bmc_password else None
    return bool(account["user"] == plan_host.bmc_user and account["password"] == password)


def ipmi_accounts(ctx: SimContext) -> list[dict[str, Any]]:
    """List the stored BMC accounts (NOTE: this readback path is not captured)."""
    store.cluster(ctx)
    return list(store.private(ctx.state).get("ipmi_accounts", {}).values())


def recommended_cpu_models(ctx: SimContext) -> list[str]:
    """List the CPU models every host supports, best first."""
    store.cluster(ctx)
    return list(hardware.cluster_cpu(ctx).compatibility_models)


def set_cpu_model(ctx: SimContext, body: dict[str, Any]) -> None:
    """Set the cluster's VM CPU compatibility model.

    Raises:
        SmtxApiError: the model is not one the hosts support.
    """
    check_object(body, "", required={"cpu_model": str})
    allowed = recommended_cpu_models(ctx)
    if body["cpu_model"] not in allowed:
        raise invalid(
            "cpu_model",
            f"{body['cpu_model']!r} is not supported by every host ({', '.join(allowed)})",
        )
    store.cluster(ctx)["cpu_model"] = body["cpu_model"]
