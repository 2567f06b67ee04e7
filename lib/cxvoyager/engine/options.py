"""The plugin's command-line options, and their validation into ``EngineOptions``.

Option values are checked here, in ``pytest_configure``, so a typo stops the
run before anything starts, with a message in the user's language that names
the option, the value and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cxvoyager import i18n
from cxvoyager.clock import parse_speed
from cxvoyager.i18n import t

TARGETS = ("sim", "live")
DEFAULT_SIM_SPEED = "60"
DEFAULT_STATE_DIR = Path("reports") / ".state"


def _help(key: str) -> str:
    # The language option is not parsed yet when help is built: show both.
    return f"{t(key, lang='zh-CN')} / {t(key, lang='en')}"


def add_options(parser: pytest.Parser) -> None:
    """Register the plugin's options in a ``cxvoyager`` group."""
    group = parser.getgroup("cxvoyager", "CXVoyager")
    group.addoption(
        "--plan", action="append", default=[], metavar="PATH", help=_help("engine.help.plan")
    )
    group.addoption(
        "--target", default="sim", metavar="{sim,live}", help=_help("engine.help.target")
    )
    group.addoption(
        "--report-dir", default=None, metavar="DIR", help=_help("engine.help.report_dir")
    )

    # Simulator.
    group.addoption(
        "--sim-speed",
        default=DEFAULT_SIM_SPEED,
        metavar="FACTOR|max",
        help=_help("engine.help.sim_speed"),
    )
    group.addoption(
        "--sim-fault",
        action="append",
        default=[],
        metavar="SPEC",
        help=_help("engine.help.sim_fault"),
    )
    group.addoption("--sim-seed", default="0", metavar="N", help=_help("engine.help.sim_seed"))

    # Language, records and state.
    group.addoption(
        "--lang",
        default=i18n.DEFAULT_LANGUAGE,
        metavar="{zh-CN,en}",
        help=_help("engine.help.lang"),
    )
    group.addoption(
        "--no-traffic-record",
        action="store_true",
        default=False,
        help=_help("engine.help.no_traffic"),
    )
    group.addoption("--state-dir", default=None, metavar="DIR", help=_help("engine.help.state_dir"))
    group.addoption("--ca-bundle", default=None, metavar="PEM", help=_help("engine.help.ca_bundle"))
    group.addoption("--iso-dir", default=None, metavar="DIR", help=_help("engine.help.iso_dir"))

    # Live mode and installation media.
    group.addoption(
        "--package-dir", default=None, metavar="DIR", help=_help("engine.help.package_dir")
    )


@dataclass(frozen=True)
class EngineOptions:
    """The validated plugin options of one pytest session."""

    plans: tuple[Path, ...]
    target: str
    report_dir: Path | None
    sim_speed: float | None
    sim_speed_text: str
    sim_faults: tuple[str, ...]
    sim_seed: int
    lang: str
    traffic_record: bool
    state_dir: Path
    ca_bundle: Path | None
    iso_dir: Path | None
    package_dir: Path | None

    def as_record(self) -> dict[str, Any]:
        """Return the options as plain values for the ledger's run entry."""
        return {
            "plans": [str(path) for path in self.plans],
            "target": self.target,
            "sim_speed": self.sim_speed_text,
            "sim_faults": list(self.sim_faults),
            "sim_seed": self.sim_seed,
            "lang": self.lang,
            "traffic_record": self.traffic_record,
        }


def _usage_error(key: str, **fields: Any) -> pytest.UsageError:
    return pytest.UsageError(t(key, **fields))


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise _usage_error(
            "engine.option.choice", option=option, value=value, allowed=", ".join(allowed)
        )
    return value


def _existing_path(option: str, value: str | None, *, base: Path, directory: bool) -> Path | None:
    if value is None:
        return None
    path = (base / value).resolve()
    exists = path.is_dir() if directory else path.is_file()
    if not exists:
        key = "engine.option.no_dir" if directory else "engine.option.no_file"
        raise _usage_error(key, option=option, value=value)
    return path


def _sim_speed(text: str) -> float | None:
    try:
        return parse_speed(text)
    except ValueError:
        raise _usage_error("engine.option.sim_speed", value=text) from None


def _sim_faults(specs: list[str]) -> tuple[str, ...]:
    if not specs:
        return ()
    from cxvoyager.sim import FaultSpecError, parse_fault

    for spec in specs:
        try:
            parse_fault(spec)
        except FaultSpecError as error:
            raise _usage_error("engine.option.sim_fault", value=spec, problem=str(error)) from None
    return tuple(specs)


def _sim_seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise _usage_error("engine.option.sim_seed", value=text) from None


def _plans(values: list[str], *, base: Path) -> tuple[Path, ...]:
    plans: list[Path] = []
    for value in values:
        path = _existing_path("--plan", value, base=base, directory=False)
        if path is not None and path not in plans:
            plans.append(path)
    return tuple(plans)


def parse_options(config: pytest.Config) -> EngineOptions:
    """Validate the plugin's options and set the message language.

    Raises:
        pytest.UsageError: an option has an invalid value; the message names the
            option, the value and the allowed values.
    """
    lang = _choice("--lang", config.getoption("lang"), i18n.LANGUAGES)
    i18n.set_language(lang)

    invocation_dir = config.invocation_params.dir
    state_dir = config.getoption("state_dir")
    report_dir = config.getoption("report_dir")
    return EngineOptions(
        plans=_plans(config.getoption("plan"), base=invocation_dir),
        target=_choice("--target", config.getoption("target"), TARGETS),
        report_dir=(invocation_dir / report_dir).resolve() if report_dir else None,
        sim_speed=_sim_speed(config.getoption("sim_speed")),
        sim_speed_text=config.getoption("sim_speed"),
        sim_faults=_sim_faults(config.getoption("sim_fault")),
        sim_seed=_sim_seed(config.getoption("sim_seed")),
        lang=lang,
        traffic_record=not config.getoption("no_traffic_record"),
        state_dir=(invocation_dir / state_dir).resolve()
        if state_dir
        else config.rootpath / DEFAULT_STATE_DIR,
        ca_bundle=_existing_path(
            "--ca-bundle", config.getoption("ca_bundle"), base=invocation_dir, directory=False
        ),
        iso_dir=_existing_path(
            "--iso-dir", config.getoption("iso_dir"), base=invocation_dir, directory=True
        ),
        package_dir=_existing_path(
            "--package-dir", config.getoption("package_dir"), base=invocation_dir, directory=True
        ),
    )
