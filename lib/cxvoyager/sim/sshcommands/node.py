"""Time synchronisation as chrony on SMTX OS nodes and VMs reports it: ``chronyc tracking``."""

from __future__ import annotations

import time
import zlib
from ipaddress import IPv4Address, ip_address

from cxvoyager.sim.physics import time_sync
from cxvoyager.sim.sshcommands.registry import command
from cxvoyager.sim.sshcommands.shell import Call, Output


def _reference_id(reference: str) -> str:
    try:
        address = ip_address(reference)
    except ValueError:
        return f"{zlib.crc32(reference.encode()):08X} ({reference})"
    if isinstance(address, IPv4Address):
        return f"{int(address):08X} ({reference})"
    return f"00000000 ({reference})"


def _format(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{label:<16}: {value}\n" for label, value in fields)


def _tracking(call: Call) -> str:
    sync = time_sync(call.ctx, call.machine.address)
    offset = sync.offset_seconds
    system_time = f"{abs(offset):.9f} seconds {'fast' if offset >= 0 else 'slow'} of NTP time"
    if not sync.synchronised:
        return _format(
            [
                ("Reference ID", "00000000 ()"),
                ("Stratum", "0"),
                ("Ref time (UTC)", "Thu Jan 01 00:00:00 1970"),
                ("System time", system_time),
                ("Last offset", "+0.000000000 seconds"),
                ("RMS offset", "0.000000000 seconds"),
                ("Frequency", "0.000 ppm slow"),
                ("Residual freq", "+0.000 ppm"),
                ("Skew", "0.000 ppm"),
                ("Root delay", "1.000000000 seconds"),
                ("Root dispersion", "1.000000000 seconds"),
                ("Update interval", "0.0 seconds"),
                ("Leap status", "Not synchronised"),
            ]
        )
    reference_time = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(call.ctx.clock.now() - 32))
    return _format(
        [
            ("Reference ID", _reference_id(sync.reference)),
            ("Stratum", str(sync.stratum)),
            ("Ref time (UTC)", reference_time),
            ("System time", system_time),
            ("Last offset", f"{offset:+.9f} seconds"),
            ("RMS offset", f"{abs(offset) * 1.4:.9f} seconds"),
            ("Frequency", "12.417 ppm slow"),
            ("Residual freq", "+0.002 ppm"),
            ("Skew", "0.031 ppm"),
            ("Root delay", "0.000412345 seconds"),
            ("Root dispersion", "0.000187654 seconds"),
            ("Update interval", "64.4 seconds"),
            ("Leap status", "Normal"),
        ]
    )


@command("chronyc")
def chronyc(call: Call) -> Output:
    """Report chrony's tracking state; subcommands other than ``tracking`` are not simulated."""
    args = [arg for arg in call.argv[1:] if not arg.startswith("-")]
    if args != ["tracking"]:
        return Output(stderr="Unrecognized command\n", status=1)
    return Output(stdout=_tracking(call))
