"""Inline SVG charts for the acceptance report (no script, no external resource)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

_BAR_HEIGHT = 22  # pixels per bar row
_LABEL_WIDTH = 220  # pixels reserved for the row labels
_CHART_WIDTH = 640  # pixels, whole chart


@dataclass(frozen=True)
class Measurement:
    """One measured value, with the threshold it had to reach (if any)."""

    label: str
    value: float
    unit: str = ""
    threshold: float | None = None
    higher_is_better: bool = True

    @property
    def meets_threshold(self) -> bool | None:
        """Whether the value reaches its threshold; None without a threshold."""
        if self.threshold is None:
            return None
        if self.higher_is_better:
            return self.value >= self.threshold
        return self.value <= self.threshold


def bar_chart(measurements: Sequence[Measurement], *, title: str) -> str:
    """Return an SVG bar chart of measurements, each with its threshold as a vertical mark.

    Every text in the chart is escaped, so labels from the plan cannot inject markup.
    """
    if not measurements:
        return ""
    scale_max = max(max(m.value, m.threshold or 0.0) for m in measurements) or 1.0
    plot_width = _CHART_WIDTH - _LABEL_WIDTH - 90
    height = _BAR_HEIGHT * len(measurements) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_CHART_WIDTH}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f'<text x="0" y="14" class="chart-title">{escape(title)}</text>',
    ]
    for row, measurement in enumerate(measurements):
        y = 24 + row * _BAR_HEIGHT
        width = plot_width * measurement.value / scale_max
        verdict = measurement.meets_threshold
        color = "#2e7d32" if verdict in (True, None) else "#c62828"
        parts.append(f'<text x="0" y="{y + 14}">{escape(measurement.label)}</text>')
        parts.append(
            f'<rect x="{_LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{_BAR_HEIGHT - 8}" '
            f'fill="{color}"/>'
        )
        value_text = f"{measurement.value:g} {measurement.unit}".strip()
        parts.append(
            f'<text x="{_LABEL_WIDTH + width + 4:.1f}" y="{y + 14}">{escape(value_text)}</text>'
        )
        if measurement.threshold is not None:
            mark = _LABEL_WIDTH + plot_width * measurement.threshold / scale_max
            parts.append(
                f'<line x1="{mark:.1f}" x2="{mark:.1f}" y1="{y}" y2="{y + _BAR_HEIGHT}" '
                'stroke="#000" stroke-dasharray="3,2"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
