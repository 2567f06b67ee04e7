"""Reading, validating and writing back the planning workbook (规划设计表).

``check_plan`` reads a workbook and reports every problem at once as
findings; ``load_plan`` returns the validated ``PlanModel`` or raises
``PlanError`` with a rendered table of the findings.
"""

from cxvoyager.plan.check import check_plan, load_plan
from cxvoyager.plan.findings import Finding, PlanCheck, Severity
from cxvoyager.plan.render import render_findings

__all__ = ["Finding", "PlanCheck", "Severity", "check_plan", "load_plan", "render_findings"]
