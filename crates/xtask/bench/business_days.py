"""The business-days benchmark, Python half: the cases of `cases.csv` through python-holidays'
`get_nth_working_day` (one call per case, on one Colombia object that keeps its years) and
through numpy's vectorised `busday_offset` (all cases in one call, the core's holiday list in a
`busdaycalendar`). Writes each one's answers and the median ns per case of many rounds.

Usage: python business_days.py DIR   (DIR holds cases.csv and holidays.txt)
"""

import datetime
import json
import statistics
import sys
import time
from pathlib import Path

import holidays
import numpy as np

out = Path(sys.argv[1])
cases = []
for line in (out / "cases.csv").read_text().splitlines():
    day, n = line.split(",")
    cases.append((datetime.date.fromisoformat(day), int(n)))

# python-holidays: one object for Colombia, its years computed before the timing.
colombia = holidays.country_holidays("CO", years=range(2000, 2093))
answers = [colombia.get_nth_working_day(d, n) for d, n in cases]
(out / "python-holidays.txt").write_text("".join(f"{a.isoformat()}\n" for a in answers))
rounds = []
for _ in range(5):
    started = time.perf_counter_ns()
    for d, n in cases:
        colombia.get_nth_working_day(d, n)
    rounds.append((time.perf_counter_ns() - started) / len(cases))
holidays_ns = statistics.median(rounds)

# numpy: WORKDAY semantics are busday_offset with roll="backward" (a weekend or holiday start
# counts from the business day before it).
calendar = np.busdaycalendar(holidays=(out / "holidays.txt").read_text().split())
starts = np.array([d.isoformat() for d, _ in cases], dtype="datetime64[D]")
offsets = np.array([n for _, n in cases], dtype=np.int64)
result = np.busday_offset(starts, offsets, roll="backward", busdaycal=calendar)
(out / "numpy.txt").write_text("".join(f"{d}\n" for d in result.astype(str)))
rounds = []
for _ in range(51):
    started = time.perf_counter_ns()
    np.busday_offset(starts, offsets, roll="backward", busdaycal=calendar)
    rounds.append((time.perf_counter_ns() - started) / len(cases))
numpy_ns = statistics.median(rounds)

(out / "python.json").write_text(
    json.dumps(
        {
            "holidays_ns": holidays_ns,
            "numpy_ns": numpy_ns,
            "holidays_version": holidays.__version__,
            "numpy_version": np.__version__,
            "python_version": sys.version.split()[0],
        }
    )
)
print(f"python-holidays {holidays.__version__}: {holidays_ns:.0f} ns per call; numpy {np.__version__}: {numpy_ns:.1f} ns per case")
