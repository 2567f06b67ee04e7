"""Time synchronisation as SMTX OS nodes (and other chrony machines) report it: ``chronyc tracking``."""

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


def _tracking(call: Call) -> str:
    sync = time_sync(call.ctx, call.machine.address)
    offset = sync.offset_seconds
    direction = "fast" if offset >= 0 else "slow"
    if not sync.synchronised:
        return (
            "Reference ID    : 00000000 ()\nStratum         : 0\n"
            "Ref time (UTC)  : Thu Jan 01 00:00:00 1970\n"
            f"System time     : {abs(offset):.9f} seconds {direction} of NTP time\n"
            "Last offset     : +0.000000000 seconds\nRMS offset      : 0.000000000 seconds\n"
            "Frequency       : 0.000 ppm slow\nResidual freq   : +0.000 ppm\nSkew            : 0.000 ppm\n"
            "Root delay      : 1.000000000 seconds\nRoot dispersion : 1.000000000 seconds\n"
            "Update interval : 0.0 seconds\nLeap status     : Not synchronised\n"
        )
    reference_time = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(call.ctx.clock.now() - 32))
    return (
        f"Reference ID    : {_reference_id(sync.reference)}\nStratum         : {sync.stratum}\n"
        f"Ref time (UTC)  : {reference_time}\n"
        f"System time     : {abs(offset):.9f} seconds {direction} of NTP time\n"
        f"Last offset     : {offset:+.9f} seconds\nRMS offset      : {abs(offset) * 1.4:.9f} seconds\n"
        "Frequency       : 12.417 ppm slow\nResidual freq   : +0.002 ppm\nSkew            : 0.031 ppm\n"
        "Root delay      : 0.000412345 seconds\nRoot dispersion : 0.000187654 seconds\n"
        "Update interval : 64.4 seconds\nLeap status     : Normal\n"
    )


@command("chronyc")
def chronyc(call: Call) -> Output:
    """Report chrony's tracking state (``chronyc tracking``); other subcommands are not simulated."""
    args = [arg for arg in call.argv[1:] if not arg.startswith("-")]
    if args != ["tracking"]:
        return Output(stderr="Unrecognized command\n", status=1)
    return Output(stdout=_tracking(call))
