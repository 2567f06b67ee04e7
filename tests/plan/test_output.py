"""Secrets stay out of findings and tables; messages come in Chinese and English."""

from __future__ import annotations

import re

import pytest
from tests.conftest import EXAMPLE_PLAN

from cxvoyager import i18n
from cxvoyager.errors import PlanError
from cxvoyager.plan import check_plan, load_plan, render_findings
from cxvoyager.plan.render import display_width

H, C = "主机规划", "集群管理信息"
WEAK = {
    f"{H}!M19": "weakpass1",
    f"{H}!K3": "sshweak22",
    f"{H}!G4": "bmcweak333",
    f"{C}!G3": "towerweak4",
    f"{C}!I4": "obsweak555",
}


def test_secrets_absent_from_findings(make_plan) -> None:
    check = check_plan(make_plan(WEAK))
    dumped = repr(check.findings) + repr([finding.params for finding in check.findings])
    for secret in WEAK.values():
        assert secret not in dumped


def test_secret_values_are_masked(make_plan) -> None:
    check = check_plan(make_plan(WEAK))
    weak = [finding for finding in check.findings if finding.rule == "password.weak"]
    assert len(weak) == len(WEAK)
    assert {finding.value for finding in weak} == {"******"}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_secrets_absent_from_rendered_table(make_plan, lang: str) -> None:
    table = render_findings(check_plan(make_plan(WEAK)).findings, lang=lang)
    for secret in WEAK.values():
        assert secret not in table


def test_secrets_absent_from_plan_error(make_plan) -> None:
    with pytest.raises(PlanError) as raised:
        load_plan(make_plan(WEAK))
    for secret in WEAK.values():
        assert secret not in str(raised.value)


def test_secrets_absent_from_plan_repr() -> None:
    plan = load_plan(EXAMPLE_PLAN)
    text = repr(plan) + str(plan) + plan.model_dump_json()
    for secret in plan.secrets():
        assert secret not in text


def test_invalid_password_cell_is_masked(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!M19": '=CONCAT("Se","cret")'}))
    assert [finding.rule for finding in check.findings] == ["cell.formula"]


def test_english_messages_from_check(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!I3": "bad"}), lang="en")
    finding = next(item for item in check.findings if item.rule == "ip.invalid")
    assert finding.message == "主机规划!I3 'bad' is not a valid IPv4 address"
    assert i18n.language() == "zh-CN"


def test_english_table_from_chinese_findings(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!I3": "bad"}))
    table = render_findings(check.findings, lang="en")
    header = [column.strip() for column in table.splitlines()[0].split(" | ")]
    assert header == ["Level", "Rule", "Location", "Value", "Problem", "Fix"]
    assert "is not a valid IPv4 address" in table
    assert "error" in table


def test_chinese_table_by_default(make_plan) -> None:
    table = render_findings(check_plan(make_plan({f"{H}!I3": "bad"})).findings)
    assert table.startswith("级别")
    assert "不是有效的 IPv4 地址" in table


def test_table_columns_align_with_cjk(make_plan) -> None:
    check = check_plan(make_plan({f"{H}!I3": "bad", f"{C}!E25": "dns.example.com"}))
    lines = render_findings(check.findings).splitlines()
    positions = {
        tuple(display_width(line[: match.start()]) for match in re.finditer(r" \| ", line))[:4]
        for line in lines
        if " | " in line
    }
    assert len(positions) == 1, lines


def test_empty_table_says_so() -> None:
    assert render_findings([], lang="en") == "The plan check found no problem."


def test_every_plan_message_has_both_languages() -> None:
    from cxvoyager.i18n.plan import MESSAGES

    incomplete = [key for key, entry in MESSAGES.items() if set(entry) != {"zh-CN", "en"}]
    assert incomplete == []


def test_every_rule_message_has_a_fix() -> None:
    from cxvoyager.i18n.plan import MESSAGES

    rules = [key for key in MESSAGES if not key.endswith(".fix")]
    rules = [key for key in rules if not key.startswith(("plan.table.", "plan.severity."))]
    rules = [key for key in rules if not key.startswith("plan.asbuilt.")]
    missing = [key for key in rules if f"{key}.fix" not in MESSAGES]
    assert missing == []
