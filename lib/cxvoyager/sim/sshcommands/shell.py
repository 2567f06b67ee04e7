"""A small POSIX-shell subset for exec requests: pipes, lists, redirections, sudo and nohup.

Supported: ``a | b``, ``a; b``, ``a && b``, ``a || b``, a trailing ``&``,
``> file``, ``>> file``, ``2>&1``, ``2> file`` and the ``sudo`` and ``nohup``
prefixes. Words are split with ``shlex`` (POSIX quoting).

NOTE: ``shlex`` does not report whether ``2`` touched the ``>`` that follows
it, so ``echo 2 > f`` is read as ``echo 2>f``; real clients do not send that.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cxvoyager.sim.context import SimContext
from cxvoyager.sim.sshcommands.machines import Machine

CONNECTORS = (";", "&&", "||", "&")
REDIRECTIONS = (">", ">>", ">&", "<")


class ShellSyntaxError(ValueError):
    """The command line cannot be parsed, as bash would report it."""


@dataclass
class Redirect:
    """One redirection: ``fd`` (1 or 2), ``op`` (``>``, ``>>``, ``>&``, ``<``) and its target."""

    fd: int
    op: str
    target: str


@dataclass
class SimpleCommand:
    """A command's words and redirections."""

    argv: list[str] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class Output:
    """A command's result.

    Attributes:
        status: the exit status.
        wait_seconds: simulated time the command takes; the server lets it pass
            on the virtual clock, without the state lock, before replying.
        then: for a foreground command that finishes later, builds the final
            output once ``wait_seconds`` have passed.
        live_source: names a log that keeps growing after the command returns;
            a redirected stdout file then follows that log.
    """

    stdout: str = ""
    stderr: str = ""
    status: int = 0
    wait_seconds: float = 0.0
    then: Callable[[], Output] | None = None
    live_source: str | None = None


@dataclass
class Call:
    """One command invocation, as passed to its handler."""

    ctx: SimContext
    machine: Machine
    user: str
    argv: list[str]
    stdin: str = ""
    root: bool = False
    background: bool = False
    stdout_redirected: bool = False

    @property
    def state(self) -> dict[str, Any]:
        """The simulator's state document."""
        return self.ctx.state

    def error(self, message: str, status: int = 1) -> Output:
        """Return a failure with ``message`` on stderr, prefixed with the command name."""
        return Output(stderr=f"{self.argv[0]}: {message}\n", status=status)


def tokenize(line: str) -> list[str]:
    """Split a command line into words and operators.

    Raises:
        ShellSyntaxError: a quote is not closed.
    """
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError as exc:
        raise ShellSyntaxError(f"unexpected EOF while looking for matching quote ({exc})") from exc


def _add_redirect(command: SimpleCommand, operator: str, target: str) -> None:
    fd = 1
    if len(command.argv) > 1 and command.argv[-1] in ("1", "2"):
        fd = int(command.argv.pop())
    command.redirects.append(Redirect(fd, operator, target))


def parse(line: str) -> list[tuple[list[SimpleCommand], str]]:
    """Parse a command line into pipelines, each with the connector that follows it.

    Raises:
        ShellSyntaxError: an operator lacks its operand or a quote is open.
    """
    tokens = tokenize(line)
    sequence: list[tuple[list[SimpleCommand], str]] = []
    pipeline: list[SimpleCommand] = []
    command = SimpleCommand()
    index = 0
    while index < len(tokens):
        word = tokens[index]
        if word in REDIRECTIONS:
            if index + 1 >= len(tokens):
                raise ShellSyntaxError("syntax error near unexpected token `newline'")
            _add_redirect(command, word, tokens[index + 1])
            index += 1
        elif word == "|" or word in CONNECTORS:
            if not command.argv:
                raise ShellSyntaxError(f"syntax error near unexpected token `{word}'")
            pipeline.append(command)
            command = SimpleCommand()
            if word != "|":
                sequence.append((pipeline, word))
                pipeline = []
        else:
            command.argv.append(word)
        index += 1
    if command.argv:
        pipeline.append(command)
    if pipeline:
        sequence.append((pipeline, ";"))
    return sequence
