"""Files of a simulated machine: generated system files plus what commands wrote."""

from __future__ import annotations

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.sshcommands.machines import Machine, files
from cxvoyager.sim.sshcommands.registry import read_live_source

DISCARD = "/dev/null"


def cpu_count(machine: Machine) -> int:
    """Return the number of logical CPUs in the machine's OS."""
    if machine.vm is not None:
        return int(machine.vm.get("vcpu") or 1)
    cpu = (machine.node or {}).get("cpu") or {}
    # Two hardware threads per core on the Xeon servers SMTX OS runs on.
    return int(cpu.get("sockets") or 2) * int(cpu.get("cores") or 16) * 2


def memory_bytes(machine: Machine) -> int:
    """Return the machine's memory in bytes."""
    if machine.vm is not None:
        return int(machine.vm.get("memory") or 2**30)
    return int((machine.node or {}).get("memory_bytes") or 256 * 2**30)


def _cpuinfo(machine: Machine) -> str:
    model = str(
        ((machine.node or {}).get("cpu") or {}).get("model") or "Intel Xeon Processor (Icelake)"
    )
    blocks = [
        f"processor\t: {index}\nvendor_id\t: GenuineIntel\nmodel name\t: {model}\n"
        f"cpu MHz\t\t: 2000.000\ncache size\t: 16384 KB\ncpu cores\t: {cpu_count(machine)}\n"
        for index in range(cpu_count(machine))
    ]
    return "\n".join(blocks) + "\n"


def _generated(machine: Machine, path: str) -> str | None:
    if path == "/proc/cpuinfo":
        return _cpuinfo(machine)
    if path == "/etc/hostname":
        return machine.hostname + "\n"
    if path == "/proc/meminfo":
        return f"MemTotal:       {memory_bytes(machine) // 1024} kB\n"
    return None


def read_file(ctx: SimContext, machine: Machine, path: str) -> str | None:
    """Return the content of ``path`` (absolute), or None when it does not exist."""
    generated = _generated(machine, path)
    if generated is not None:
        return generated
    entry = files(ctx, machine.address).get(path)
    if entry is None:
        return None
    if "source" in entry:
        return read_live_source(ctx, entry["source"])
    return str(entry.get("text", ""))


def file_exists(ctx: SimContext, machine: Machine, path: str) -> bool:
    """Tell whether ``path`` (absolute) exists."""
    return read_file(ctx, machine, path) is not None


def write_file(ctx: SimContext, machine: Machine, path: str, text: str, *, append: bool) -> None:
    """Write or append ``text`` to ``path`` (absolute); ``/dev/null`` discards it."""
    if path == DISCARD:
        return
    table = files(ctx, machine.address)
    before = read_file(ctx, machine, path) if append else None
    table[path] = {"text": (before or "") + text}


def follow_source(ctx: SimContext, machine: Machine, path: str, source: str) -> None:
    """Make ``path`` show the growing log ``source`` (a redirected long-running command)."""
    if path != DISCARD:
        files(ctx, machine.address)[path] = {"source": source}
