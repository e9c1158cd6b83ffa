"""PNG plots of the benchmark results, drawn with matplotlib without a display."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as pyplot  # noqa: E402 - the backend must be chosen first

DPI = 110


def robustness_plot(figures: Dict[str, Any], path: Path) -> Path:
    """Bar chart of both pipelines' intent accuracy on clean text and each rewrite."""
    ours, stock = figures["pipelines"]["ours"], figures["pipelines"]["stock"]
    names = ["clean", *ours["rewrites"]]
    ours_values = [ours["clean"]["intent_accuracy"], *(r["intent_accuracy"] for r in ours["rewrites"].values())]
    stock_values = [stock["clean"]["intent_accuracy"], *(stock["rewrites"][name]["intent_accuracy"] for name in ours["rewrites"])]

    figure, axes = pyplot.subplots(figsize=(9, 4))
    positions = range(len(names))
    axes.bar([position - 0.2 for position in positions], ours_values, width=0.4, label="ours")
    axes.bar([position + 0.2 for position in positions], stock_values, width=0.4, label="stock")
    axes.set_xticks(list(positions))
    axes.set_xticklabels([name.replace("_", "\n") for name in names], fontsize=8)
    low = min(ours_values + stock_values)
    axes.set_ylim(max(0.0, low - 0.1), 1.0)
    axes.set_ylabel("intent accuracy")
    axes.set_title(f"Intent accuracy on typing rewrites ({figures['dataset']}, {figures['held_out_examples']} held-out)")
    axes.legend()
    return _save(figure, path)


def open_loop_plot(scenarios: Dict[str, Any], path: Path) -> Path:
    """Turn p95 against open-loop users, one line per scenario."""
    figure, axes = pyplot.subplots(figsize=(8, 4))
    for name, result in scenarios.items():
        if result.get("skipped"):
            continue
        levels = [level for level in result["levels"] if level["mode"] == "open"]
        axes.plot([level["users"] for level in levels], [level["latency"]["p95_ms"] for level in levels], marker="o", label=name)
    axes.set_xlabel("open-loop users")
    axes.set_ylabel("turn p95 (ms)")
    axes.set_title("Turn latency with users who pause between messages")
    axes.legend(fontsize=7)
    axes.grid(alpha=0.3)
    return _save(figure, path)


def closed_loop_plot(scenarios: Dict[str, Any], path: Path, p95_limit_ms: float) -> Path:
    """Turn p95 against throughput of the closed-loop levels, one line per scenario."""
    figure, axes = pyplot.subplots(figsize=(8, 4))
    for name, result in scenarios.items():
        if result.get("skipped"):
            continue
        levels = [level for level in result["levels"] if level["mode"] == "closed"]
        axes.plot([level["throughput_per_second"] for level in levels], [level["latency"]["p95_ms"] for level in levels], marker="o", label=name)
    axes.axhline(p95_limit_ms, color="grey", linestyle="--", linewidth=1)
    axes.set_xlabel("turns per second (closed loop)")
    axes.set_ylabel("turn p95 (ms)")
    axes.set_yscale("log")
    axes.set_title(f"Saturation: throughput where p95 passes {p95_limit_ms:.0f} ms (dashed)")
    axes.legend(fontsize=7)
    axes.grid(alpha=0.3)
    return _save(figure, path)


def _save(figure: "pyplot.Figure", path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    pyplot.close(figure)
    return path
