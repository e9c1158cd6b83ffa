"""Summary statistics shared by the benchmarks."""

from __future__ import annotations

from typing import Dict, Sequence

import numpy


def latency_summary(seconds: Sequence[float]) -> Dict[str, float]:
    """Return the count, mean, p50, p95 and p99 of ``seconds``, in milliseconds.

    Percentiles interpolate linearly between the two nearest samples (numpy's default).
    """
    if not seconds:
        return {"count": 0, "mean_ms": 0.0, "p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0}

    milliseconds = numpy.asarray(seconds) * 1000
    return {
        "count": len(milliseconds),
        "mean_ms": round(float(milliseconds.mean()), 2),
        "p50_ms": round(float(numpy.percentile(milliseconds, 50)), 2),
        "p95_ms": round(float(numpy.percentile(milliseconds, 95)), 2),
        "p99_ms": round(float(numpy.percentile(milliseconds, 99)), 2),
    }
