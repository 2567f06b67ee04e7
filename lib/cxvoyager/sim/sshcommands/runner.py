"""Run a parsed command line against a simulated machine."""

from __future__ import annotations

from dataclasses import dataclass

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.sshcommands.files import follow_source, write_file
from cxvoyager.sim.sshcommands.machines import Machine, absolute
from cxvoyager.sim.sshcommands.registry import lookup
from cxvoyager.sim.sshcommands.shell import (
    Call,
    Output,
    Redirect,
    ShellSyntaxError,
    SimpleCommand,
    parse,
)


@dataclass
class _Streams:
    """Destinations of a command's stdout and stderr: a file path, or None for the channel."""

    stdout: str | None = None
    stdout_append: bool = False
    stderr: str | None = None
    stderr_to_stdout: bool = False


def _streams(machine: Machine, user: str, redirects: list[Redirect]) -> _Streams:
    streams = _Streams()
    for redirect in redirects:
        if redirect.op == ">&" and redirect.fd == 2 and redirect.target == "1":
            streams.stderr_to_stdout = True
        elif redirect.op in (">", ">>") and redirect.fd == 1:
            streams.stdout = absolute(machine, user, redirect.target)
            streams.stdout_append = redirect.op == ">>"
        elif redirect.op in (">", ">>") and redirect.fd == 2:
            streams.stderr = absolute(machine, user, redirect.target)
    return streams


def _strip_prefixes(argv: list[str]) -> tuple[list[str], bool]:
    """Remove ``sudo`` (with its flags) and ``nohup``; tell whether the command runs as root."""
    root = False
    while argv and argv[0] in ("sudo", "nohup"):
        if argv[0] == "sudo":
            root = True
            argv = argv[1:]
            while argv and argv[0].startswith("-"):
                argv = argv[1:]
        else:
            # Over SSH exec stdout is no terminal, so nohup redirects nothing.
            argv = argv[1:]
    return argv, root


def _route(ctx: SimContext, call: Call, streams: _Streams, output: Output) -> Output:
    """Send the command's output to the files its redirections name."""
    stdout, stderr = output.stdout, output.stderr
    if streams.stderr_to_stdout:
        stdout, stderr = stdout + stderr, ""
    if streams.stderr is not None:
        write_file(ctx, call.machine, streams.stderr, stderr, append=False)
        stderr = ""
    if streams.stdout is not None:
        if output.live_source is not None:
            follow_source(ctx, call.machine, streams.stdout, output.live_source)
        else:
            write_file(ctx, call.machine, streams.stdout, stdout, append=streams.stdout_append)
        stdout = ""
    output.stdout, output.stderr = stdout, stderr
    return output


def _run_simple(
    ctx: SimContext,
    machine: Machine,
    user: str,
    command: SimpleCommand,
    *,
    stdin: str,
    background: bool,
) -> Output:
    argv, root = _strip_prefixes(command.argv)
    if not argv:
        return Output()
    handler = lookup(argv[0], machine.kind)
    if handler is None:
        return Output(stderr=f"bash: {argv[0]}: command not found\n", status=127)
    streams = _streams(machine, user, command.redirects)
    call = Call(
        ctx,
        machine,
        user,
        argv,
        stdin=stdin,
        root=root or user == "root",
        background=background,
        stdout_redirected=streams.stdout is not None,
    )
    return _route(ctx, call, streams, handler(call))


def _run_pipeline(
    ctx: SimContext, machine: Machine, user: str, pipeline: list[SimpleCommand], *, background: bool
) -> Output:
    result = Output()
    stdin = ""
    for position, command in enumerate(pipeline):
        output = _run_simple(ctx, machine, user, command, stdin=stdin, background=background)
        result.stderr += output.stderr
        result.wait_seconds += output.wait_seconds
        result.status = output.status
        if position == len(pipeline) - 1:
            result.stdout, result.then = output.stdout, output.then
        stdin = output.stdout
    if background:
        # The shell returns at once; a background job's time and exit status stay with the job.
        return Output(stdout=result.stdout, stderr=result.stderr)
    return result


def run_line(ctx: SimContext, machine: Machine, user: str, line: str) -> Output:
    """Run a command line as ``user`` on ``machine`` and return its combined output."""
    try:
        sequence = parse(line)
    except ShellSyntaxError as exc:
        return Output(stderr=f"bash: {exc}\n", status=2)
    result = Output()
    previous = ";"
    for pipeline, connector in sequence:
        skip = (previous == "&&" and result.status != 0) or (
            previous == "||" and result.status == 0
        )
        previous = connector
        if skip:
            continue
        output = _run_pipeline(ctx, machine, user, pipeline, background=connector == "&")
        result.stdout += output.stdout
        result.stderr += output.stderr
        result.wait_seconds += output.wait_seconds
        result.status = output.status
        result.then = output.then or result.then
    return result
