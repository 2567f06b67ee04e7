"""JSON bodies of the simulated Redfish service (DMTF Redfish schema names and layout)."""

from __future__ import annotations

from typing import Any

from cxvoyager.plan.model import HostPlan

RESET_TYPES = ("On", "ForceOff", "GracefulShutdown", "ForceRestart", "GracefulRestart")
REDFISH_VERSION = "1.11.0"
POWER_STATES = {"on": "On", "off": "Off"}


def error_body(code: str, message: str, **arguments: str) -> dict[str, Any]:
    """Build a Redfish error body; ``arguments`` become the message's ``MessageArgs``."""
    return {
        "error": {
            "code": code,
            "message": message,
            "@Message.ExtendedInfo": [
                {
                    "@odata.type": "#Message.v1_1_1.Message",
                    "MessageId": code,
                    "Message": message,
                    "MessageArgs": list(arguments.values()),
                    "Severity": "Warning" if code.endswith("Unknown") else "Critical",
                    "Resolution": "Correct the request and resubmit it.",
                }
            ],
        }
    }


def service_root() -> dict[str, Any]:
    """Build the service root ``/redfish/v1``."""
    return {
        "@odata.type": "#ServiceRoot.v1_5_0.ServiceRoot",
        "@odata.id": "/redfish/v1",
        "Id": "RootService",
        "Name": "Root Service",
        "RedfishVersion": REDFISH_VERSION,
        "Systems": {"@odata.id": "/redfish/v1/Systems"},
        "SessionService": {"@odata.id": "/redfish/v1/SessionService"},
        "Links": {"Sessions": {"@odata.id": "/redfish/v1/SessionService/Sessions"}},
    }


def system_collection(system_ids: list[str]) -> dict[str, Any]:
    """Build ``/redfish/v1/Systems``."""
    return {
        "@odata.type": "#ComputerSystemCollection.ComputerSystemCollection",
        "@odata.id": "/redfish/v1/Systems",
        "Name": "Computer System Collection",
        "Members@odata.count": len(system_ids),
        "Members": [{"@odata.id": f"/redfish/v1/Systems/{system_id}"} for system_id in system_ids],
    }


def system_resource(
    system_id: str, host: HostPlan, node: dict[str, Any], *, power: str
) -> dict[str, Any]:
    """Build ``/redfish/v1/Systems/<id>`` from the plan and the node record (``records.py``)."""
    path = f"/redfish/v1/Systems/{system_id}"
    cpu = node.get("cpu") or {}
    memory_bytes = int(node.get("memory_bytes") or 0)
    return {
        "@odata.type": "#ComputerSystem.v1_13_0.ComputerSystem",
        "@odata.id": path,
        "Id": system_id,
        "Name": "System",
        "SystemType": "Physical",
        "Manufacturer": node.get("vendor") or "SmartX",
        "Model": node.get("model") or "SMTX HCI Server",
        "SerialNumber": node.get("sn") or host.serial or "",
        "UUID": node.get("host_uuid") or "",
        "HostName": node.get("hostname") or host.hostname,
        "PowerState": POWER_STATES.get(power, "Off"),
        "Status": {"State": "Enabled", "Health": "OK"},
        "ProcessorSummary": {
            "Count": int(cpu.get("sockets") or 0),
            "Model": str(cpu.get("model") or ""),
        },
        "MemorySummary": {"TotalSystemMemoryGiB": round(memory_bytes / 2**30)},
        "Actions": {
            "#ComputerSystem.Reset": {
                "target": f"{path}/Actions/ComputerSystem.Reset",
                "ResetType@Redfish.AllowableValues": list(RESET_TYPES),
            }
        },
    }
