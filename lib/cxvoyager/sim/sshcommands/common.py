"""Commands every simulated machine has: text tools, files, identity, time and ``chpasswd``.

Password rotation uses ``echo 'user:password' | sudo chpasswd`` (the form
every Linux distribution supports); it changes the account record the next
SSH login checks. ``passwd --stdin`` is not simulated.
"""

from __future__ import annotations

import logging
import re
import time

from cxvoyager.sim.physics import time_sync
from cxvoyager.sim.sshcommands.files import DISCARD, file_exists, read_file, write_file
from cxvoyager.sim.sshcommands.machines import absolute
from cxvoyager.sim.sshcommands.registry import command
from cxvoyager.sim.sshcommands.shell import Call, Output

logger = logging.getLogger(__name__)


@command("true")
def true(_call: Call) -> Output:
    """Exit 0."""
    return Output()


@command("false")
def false(_call: Call) -> Output:
    """Exit 1."""
    return Output(status=1)


@command("echo")
def echo(call: Call) -> Output:
    """Print the arguments; ``-n`` omits the newline."""
    words = call.argv[1:]
    newline = "\n"
    if words and words[0] == "-n":
        words, newline = words[1:], ""
    return Output(stdout=" ".join(words) + newline)


@command("hostname")
def hostname(call: Call) -> Output:
    """Print the machine's hostname."""
    return Output(stdout=call.machine.hostname + "\n")


@command("whoami")
def whoami(call: Call) -> Output:
    """Print the effective user."""
    return Output(stdout=("root" if call.root else call.user) + "\n")


@command("date")
def date(call: Call) -> Output:
    """Print the machine's time: ``+%s`` gives epoch seconds, else the default format (UTC)."""
    now = call.ctx.clock.now() + time_sync(call.ctx, call.machine.address).offset_seconds
    formats = [arg for arg in call.argv[1:] if arg.startswith("+")]
    if formats and formats[0] == "+%s":
        return Output(stdout=f"{int(now)}\n")
    if formats:
        return Output(stdout=time.strftime(formats[0][1:], time.gmtime(now)) + "\n")
    return Output(stdout=time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(now)) + "\n")


@command("sleep")
def sleep(call: Call) -> Output:
    """Let the given seconds pass on the virtual clock."""
    try:
        seconds = float(call.argv[1])
    except (IndexError, ValueError):
        return call.error("invalid time interval")
    return Output(wait_seconds=seconds)


def _inputs(call: Call, paths: list[str]) -> tuple[list[str], Output | None]:
    """Read the named files (or stdin when none); return texts, or the error for a missing file."""
    if not paths:
        return [call.stdin], None
    texts = []
    for path in paths:
        text = read_file(call.ctx, call.machine, absolute(call.machine, call.user, path))
        if text is None:
            return [], call.error(f"{path}: No such file or directory")
        texts.append(text)
    return texts, None


@command("cat")
def cat(call: Call) -> Output:
    """Print files (or stdin)."""
    texts, problem = _inputs(call, call.argv[1:])
    return problem or Output(stdout="".join(texts))


def _line_count(call: Call, args: list[str]) -> tuple[int, list[str]] | Output:
    count = 10
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "-n" and index + 1 < len(args):
            value, index = args[index + 1], index + 1
        elif arg.startswith("-n") or re.fullmatch(r"-\d+", arg):
            value = arg[2:] if arg.startswith("-n") else arg[1:]
        else:
            rest.append(arg)
            index += 1
            continue
        if not value.isdigit():
            return call.error(f"invalid number of lines: '{value}'")
        count = int(value)
        index += 1
    return count, rest


@command("tail", "head")
def tail_or_head(call: Call) -> Output:
    """Print the last (``tail``) or first (``head``) lines of files or stdin (``-n N``, ``-N``)."""
    parsed = _line_count(call, call.argv[1:])
    if isinstance(parsed, Output):
        return parsed
    count, paths = parsed
    texts, problem = _inputs(call, paths)
    if problem is not None:
        return problem
    lines = "".join(texts).splitlines(keepends=True)
    chosen = lines[-count:] if call.argv[0] == "tail" and count else lines[:count]
    return Output(stdout="".join(chosen))


@command("grep")
def grep(call: Call) -> Output:
    """Print (or with ``-c`` count) matching lines; ``-i``, ``-v``, ``-q``, ``-E``, ``-F`` work."""
    flags = {arg for arg in call.argv[1:] if arg.startswith("-") and len(arg) > 1}
    letters = {letter for flag in flags for letter in flag[1:]}
    words = [arg for arg in call.argv[1:] if arg not in flags]
    if not words:
        return call.error("Usage: grep [OPTION]... PATTERNS [FILE]...", status=2)
    texts, problem = _inputs(call, words[1:])
    if problem is not None:
        return Output(stderr=problem.stderr, status=2)
    pattern = re.escape(words[0]) if "F" in letters else words[0]
    regex = re.compile(pattern, re.IGNORECASE if "i" in letters else 0)
    lines = "".join(texts).splitlines()
    matched = [line for line in lines if bool(regex.search(line)) != ("v" in letters)]
    status = 0 if matched else 1
    if "q" in letters:
        return Output(status=status)
    if "c" in letters:
        return Output(stdout=f"{len(matched)}\n", status=status)
    return Output(stdout="".join(line + "\n" for line in matched), status=status)


@command("tee")
def tee(call: Call) -> Output:
    """Copy stdin to stdout and to files (``-a`` appends); files outside the home need root."""
    append = "-a" in call.argv[1:]
    paths = [absolute(call.machine, call.user, arg) for arg in call.argv[1:] if arg != "-a"]
    home = call.machine.home(call.user)
    for path in paths:
        if not call.root and not path.startswith(home + "/") and path != DISCARD:
            return Output(stdout=call.stdin, stderr=f"tee: {path}: Permission denied\n", status=1)
    for path in paths:
        write_file(call.ctx, call.machine, path, call.stdin, append=append)
    return Output(stdout=call.stdin)


@command("wc")
def wc(call: Call) -> Output:
    """Count lines with ``-l`` (other counts are not simulated)."""
    if "-l" not in call.argv[1:]:
        return call.error("only -l is supported here", status=1)
    texts, problem = _inputs(call, [arg for arg in call.argv[1:] if arg != "-l"])
    return problem or Output(stdout=f"{''.join(texts).count(chr(10))}\n")


@command("test", "[")
def test(call: Call) -> Output:
    """Evaluate ``-f``/``-e``/``-s`` on a path; exit 0 when true, 1 when false."""
    args = call.argv[1:-1] if call.argv[0] == "[" else call.argv[1:]
    if len(args) != 2 or args[0] not in ("-f", "-e", "-s"):
        return call.error("only -f, -e and -s PATH are supported here", status=2)
    path = absolute(call.machine, call.user, args[1])
    if args[0] == "-s":
        return Output(status=0 if read_file(call.ctx, call.machine, path) else 1)
    return Output(status=0 if file_exists(call.ctx, call.machine, path) else 1)


@command("chpasswd")
def chpasswd(call: Call) -> Output:
    """Set passwords from ``user:password`` lines on stdin; root only."""
    if not call.root:
        return call.error("cannot lock /etc/passwd; try again later.")
    errors: list[str] = []
    changes: dict[str, str] = {}
    for number, line in enumerate(call.stdin.splitlines(), start=1):
        user, separator, password = line.partition(":")
        if not separator or not user:
            errors.append(f"chpasswd: line {number}: missing new password\n")
        elif user not in call.machine.accounts:
            errors.append(f"chpasswd: line {number}: user '{user}' does not exist\n")
        else:
            changes[user] = password
    if errors:
        return Output(
            stderr="".join(errors) + "chpasswd: error detected, changes ignored\n", status=1
        )

    call.machine.accounts.update(changes)
    logger.info("passwords of %s changed on %s", sorted(changes), call.machine.address)
    return Output()
