"""Markdown tables of the benchmark results, one function per benchmark."""

from __future__ import annotations

from typing import Any, Dict, List

from benchmarks.report_targets import TargetCheck


def table(header: List[str], rows: List[List[Any]]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_line(document: Dict[str, Any]) -> str:
    """Return the machine, date and software versions of one result."""
    machine = document["machine"]
    return (
        f"{machine['cpu_model']}, {machine['cores']} cores, {machine['memory_gib']} GiB memory, "
        f"{machine['system']}, Python {machine['python']}, Rasa {machine['rasa']}; "
        f"load average before the run {machine.get('load_average_before', 'not recorded')}; "
        f"finished {document['finished_at']}"
    )


def targets_table(checks: List[TargetCheck]) -> str:
    verdicts = {True: "met", False: "**missed**", None: "not measured"}
    return table(["target", "measured", ""], [[check.target, check.measured, verdicts[check.met]] for check in checks])


def nlu_quality_table(figures: Dict[str, Any]) -> str:
    ours, stock = figures["pipelines"]["ours"], figures["pipelines"]["stock"]
    rows = [
        ["intent accuracy", *(f"{p['clean']['intent_accuracy']:.3f}" for p in (ours, stock))],
        ["intent accuracy without the FallbackClassifier", *(f"{p['clean']['classifier_intent_accuracy']:.3f}" for p in (ours, stock))],
        ["share answered with nlu_fallback", *(f"{p['clean']['fallback_share']:.3f}" for p in (ours, stock))],
        ["intent macro F1", *(f"{p['clean']['intent_macro_f1']:.3f}" for p in (ours, stock))],
        ["entity precision (exact span and label)", *(f"{p['clean']['entity_precision']:.3f}" for p in (ours, stock))],
        ["entity recall", *(f"{p['clean']['entity_recall']:.3f}" for p in (ours, stock))],
        ["entity F1", *(f"{p['clean']['entity_f1']:.3f}" for p in (ours, stock))],
        ["canonical value equal to the annotation", *(_values(p["clean"]) for p in (ours, stock))],
        ["training time", *(f"{p['training_seconds']:.0f} s" for p in (ours, stock))],
        ["model size", *(f"{p['model_bytes'] / 2**20:.1f} MiB" for p in (ours, stock))],
        ["model load time", *(_optional_seconds(p.get("load_seconds")) for p in (ours, stock))],
        ["parse latency mean / p50 / p95", *(_latency(p["parse_latency"]) for p in (ours, stock))],
    ]
    return table(["", "ours", "stock"], rows)


def robustness_table(figures: Dict[str, Any]) -> str:
    ours, stock = figures["pipelines"]["ours"], figures["pipelines"]["stock"]
    rows = [["none (clean text)", "", f"{ours['clean']['intent_accuracy']:.3f}", f"{stock['clean']['intent_accuracy']:.3f}",
             _gap(ours["clean"]["intent_accuracy"], stock["clean"]["intent_accuracy"]), "", ""]]
    for name, mine in ours["rewrites"].items():
        theirs = stock["rewrites"][name]
        rows.append([
            name.replace("_", " "), mine["changed"], f"{mine['intent_accuracy']:.3f}", f"{theirs['intent_accuracy']:.3f}",
            _gap(mine["intent_accuracy"], theirs["intent_accuracy"]),
            _optional(mine["intent_accuracy_on_changed"]), _optional(theirs["intent_accuracy_on_changed"]),
        ])
    header = ["rewrite", "examples changed", "ours", "stock", "ours − stock", "ours on changed", "stock on changed"]
    return table(header, rows)


def slot_race_table(figures: Dict[str, Any]) -> str:
    rows = []
    for kind, result in figures["databases"].items():
        if result.get("skipped"):
            rows.append([kind, "skipped: " + result["skipped"], "", "", "", "", "", ""])
            continue
        passed = sum(round_["passed"] for round_ in result["rounds"])
        latency = result["attempt_latency"]
        rows.append([
            kind, result["racers"], f"{passed} of {len(result['rounds'])}", result["bookings"], result["taken"],
            sum(round_["none_free"] for round_ in result["rounds"]), result["errors"],
            f"{latency['p50_ms']:.0f} / {latency['p95_ms']:.0f} ms",
        ])
    header = ["database", "racers", "rounds with exactly one booking", "bookings", "ClinicSlotTaken",
              "offered no free ClinicSlot", "errors", "attempt p50 / p95"]
    return table(header, rows)


def load_levels_table(result: Dict[str, Any]) -> str:
    rows = []
    for level in result["levels"]:
        latency = level["latency"]
        rows.append([
            level["mode"], level["users"], f"{level['throughput_per_second']:.1f}",
            f"{latency['p50_ms']:.0f} / {latency['p95_ms']:.0f} / {latency['p99_ms']:.0f}",
            level["answered"], level["lost"], level["errors"], level["wrong_replies"],
        ])
    header = ["loop", "users", "turns/s", "turn p50 / p95 / p99 (ms)", "turns answered", "lost", "errors", "wrong replies"]
    return table(header, rows)


def load_summary_table(scenarios: Dict[str, Any]) -> str:
    rows = []
    for name, result in scenarios.items():
        if result.get("skipped"):
            rows.append([name, "skipped: " + result["skipped"], "", "", ""])
            continue
        saturation = result["saturation"]
        memory = ", ".join(f"{service} {bytes_ / 10**6:.0f}" for service, bytes_ in result["peak_memory_bytes"].items())
        rows.append([
            name, _optional_rate(saturation["throughput_per_second"]), _optional_rate(saturation["peak_throughput_per_second"]),
            f"{result['peak_memory_total_bytes'] / 10**9:.2f} GB", memory,
        ])
    header = ["scenario", "saturation (turns/s, p95 ≤ limit)", "peak closed-loop turns/s", "peak memory, all services", "peak memory by service (MB, PSS)"]
    return table(header, rows)


def profile_table(profile: Dict[str, Any]) -> str:
    """Share of py-spy samples per category and the functions most often on top, per service."""
    rows = []
    for service, summary in profile["services"].items():
        categories = ", ".join(f"{name} {share:.0%}" for name, share in summary["categories"].items())
        top = ", ".join(f"`{entry['function']}` {entry['share']:.0%}" for entry in summary["top_functions"][:4])
        rows.append([service, summary["samples"], categories, top])
    return table(["service", "samples", "where the samples were", "most frequent functions on top"], rows)


def _values(scores: Dict[str, Any]) -> str:
    return f"{scores['values_right']} of {scores['values_checked']}" if scores["values_checked"] else "none annotated"


def _latency(latency: Dict[str, float]) -> str:
    return f"{latency['mean_ms']:.1f} / {latency['p50_ms']:.1f} / {latency['p95_ms']:.1f} ms"


def _gap(ours: float, stock: float) -> str:
    return f"{(ours - stock) * 100:+.1f} points"


def _optional(value: Any) -> str:
    return "" if value is None else f"{value:.3f}"


def _optional_seconds(value: Any) -> str:
    return "not recorded" if value is None else f"{value:.1f} s"


def _optional_rate(value: Any) -> str:
    return "none within the limit" if value is None else f"{value:.1f}"
