"""Run the simulator on its own: ``python -m cxvoyager.sim serve --plan plan.xlsx``.

For demos and training: every planned address of the workbook is served on
loopback, and anyone can probe it with a planned address as the Host header.
The deployment API wants an ``x-smartx-token`` of 32 lower-case hex digits;
any such value is accepted. With the example plan (first node 10.60.10.11)::

    curl -H 'Host: 10.60.10.11' -H 'x-smartx-token: 0123456789abcdef0123456789abcdef' \
        http://127.0.0.1:PORT/api/v2/deployment/host
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

from cxvoyager.clock import VirtualClock, parse_speed
from cxvoyager.errors import PlanError
from cxvoyager.sim import Simulator, parse_fault


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cxvoyager.sim",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the simulated site of a plan")

    serve.add_argument("--plan", required=True, type=Path, help="planning workbook (.xlsx)")
    serve.add_argument(
        "--port", type=int, default=0, help="HTTP port on 127.0.0.1 (default: any free port)"
    )
    serve.add_argument(
        "--https-port", type=int, default=0, help="HTTPS port on 127.0.0.1 (default: any free port)"
    )
    serve.add_argument(
        "--state",
        type=Path,
        default=Path("reports/.state/standalone-sim"),
        help="state directory; the site survives restarts (default: %(default)s)",
    )

    serve.add_argument("--reset", action="store_true", help="start from a new, undeployed site")
    serve.add_argument(
        "--speed", default="60", help="simulated seconds per real second, or 'max' (default: 60)"
    )
    serve.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault, --sim-fault grammar (repeatable)",
    )
    serve.add_argument("--seed", type=int, default=0, help="seed for generated hardware values")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, start the simulator and serve until Ctrl-C."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    from cxvoyager.plan import load_plan

    try:
        speed = parse_speed(args.speed)
        for spec in args.fault:
            parse_fault(spec)
        plan = load_plan(args.plan)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201 - command-line output
        return 2
    except PlanError as exc:
        print(exc.message, file=sys.stderr)  # noqa: T201 - command-line output
        return 2
    simulator = Simulator(
        plan,
        state_dir=args.state,
        clock=VirtualClock(speed),
        faults=args.fault,
        seed=args.seed,
        http_port=args.port,
        https_port=args.https_port,
    )
    if args.reset:
        simulator.reset()
    endpoints = simulator.start()
    ssh = "\n".join(
        f"  SSH {address} -> 127.0.0.1:{port}" for address, port in endpoints.ssh_ports.items()
    )
    print(  # noqa: T201 - command-line output
        f"HTTP  http://127.0.0.1:{endpoints.http_port}\nHTTPS https://127.0.0.1:{endpoints.https_port}"
        f" (CA {endpoints.ca_pem})\n{ssh}\n"
        "Send the planned address as the Host header. Ctrl-C stops.",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
