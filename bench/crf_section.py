#!/usr/bin/env python3
"""The CRF validation section of BENCHMARKS.md: `trialkit crf validate` throughput and memory.

1. Throughput: a PEER trial database with P participants randomized (P = 23,334 by default:
   70,002 QPR-15 rows x 15 items = 1,050,030 field values, bench/gen_crf_data.py, seeded); the
   clean file is validated against the enrolled participants, their randomization dates (visit
   windows), the cross-visit date checks and duplicate detection. Median wall time of 3 runs
   after a warm-up; values/s = rows x 15 / wall (the whole process: start-up, database, report).
2. Bounded memory: a 1,000,002-row file (333,334 participants who are not enrolled, so every row
   is an `unknown_participant` error): peak RSS (GNU time -v) and the report's `omitted`.
3. A 100 MB file that is one line without a line break: exit code, message and peak RSS.

Usage: crf_section.py BIN WORK      Environment: BENCH_REPEATS (default 3),
BENCH_CRF_PARTICIPANTS (default 23334), BENCH_CRF_BIG_PARTICIPANTS (default 333334).
"""
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ITEMS = 15


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(command, cwd, check=True, **kwargs):
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, **kwargs)
    if check and completed.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return completed


def timed(command, cwd):
    """Wall seconds, exit code, stdout, stderr and peak RSS (KiB) of one run under GNU time -v."""
    time_file = os.path.join(cwd, "time.txt")
    start = time.perf_counter()
    completed = subprocess.run(["/usr/bin/time", "-v", "-o", time_file] + command, cwd=cwd,
                               capture_output=True, text=True)
    wall = time.perf_counter() - start
    with open(time_file) as f:
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
    return wall, completed.returncode, completed.stdout, completed.stderr, int(match.group(1)) if match else None


def mib(kib):
    return f"{kib / 1024:.0f}" if kib is not None else "–"


def main():
    binary, work = sys.argv[1], sys.argv[2]
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    participants = int(os.environ.get("BENCH_CRF_PARTICIPANTS", "23334"))
    big = int(os.environ.get("BENCH_CRF_BIG_PARTICIPANTS", "333334"))
    work = os.path.join(work, "crf")
    os.makedirs(work, exist_ok=True)
    env_user = lambda user: ["--user", user]
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()

    log(f"crf: trial database with {participants} participants")
    run([binary, "init", "--protocol", os.path.join(ROOT, "protocols", "peer.yaml")] + env_user("admin"), work)
    for name, role in [("stan", "statistician"), ("tom", "trial-manager"), ("dina", "data-manager")]:
        run([binary, "user", "add", name, "--role", role] + env_user("admin"), work)
    per_stratum = participants  # any stratum may receive everyone
    run([binary, "randomize", "generate", "--seed", "7", "--per-stratum", str(per_stratum)] + env_user("stan"), work)
    run([sys.executable, os.path.join(HERE, "gen_crf_data.py"), "clean.csv", str(participants), today,
         "--participants-csv", "participants.csv"], work)
    start = time.perf_counter()
    run([binary, "randomize", "--from-csv", "participants.csv"] + env_user("tom"), work)
    log(f"crf: randomized {participants} in {time.perf_counter() - start:.1f} s")
    rows = participants * 3
    values = rows * ITEMS

    command = [binary, "crf", "validate", "clean.csv", "--form", "qpr15", "--json"] + env_user("dina")
    timed(command, work)  # warm-up
    runs = [timed(command, work) for _ in range(repeats)]
    for wall, status, out, err, _ in runs:
        if status != 0:
            raise SystemExit(f"crf validate of the clean file failed ({status}): {err[-1000:]}")
    report = json.loads(runs[-1][2])
    walls = [r[0] for r in runs]
    wall = statistics.median(walls)
    peak_clean = max(r[4] for r in runs if r[4] is not None)

    log(f"crf: 1M-row file ({big} participants x 3 visits)")
    run([sys.executable, os.path.join(HERE, "gen_crf_data.py"), "big.csv", str(big), today, "--seed", "11",
         "--prefix", "U"], work)
    big_rows = big * 3
    big_wall, big_status, big_out, big_err, big_peak = timed(command[:3] + ["big.csv"] + command[4:], work)
    big_report = json.loads(big_out)

    log("crf: 100 MB one-line file")
    with open(os.path.join(work, "oneline.csv"), "wb") as f:
        chunk = b"x" * (1 << 20)
        for _ in range(100):
            f.write(chunk)
    long_wall, long_status, _, long_err, long_peak = timed(command[:3] + ["oneline.csv"] + command[4:], work)
    for name in ["big.csv", "oneline.csv"]:
        os.remove(os.path.join(work, name))

    print("## CRF validation: `trialkit crf validate` throughput and memory")
    print()
    print(f"PEER protocol, form `qpr15` (15 integer items 0–4), data from `bench/gen_crf_data.py` (seeded). "
          f"The database holds {participants:,} randomized participants, so every row is checked against the "
          f"enrolled participants, the visit windows from the randomization date, the cross-visit date checks "
          f"and duplicate detection. Wall time of the whole process (start-up, database, CSV, JSON report) "
          f"under GNU time -v; median of {repeats} runs after a warm-up.")
    print()
    print("| file | rows | field values | issues | wall (s) | values/s | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| clean, enrolled participants | {report['rows']:,} | {values:,} | {len(report['issues']) + report.get('omitted', 0):,} "
          f"| {wall:.3f} | {values / wall:,.0f} | {mib(peak_clean)} |")
    big_total = len(big_report["issues"]) + big_report.get("omitted", 0)
    print(f"| 1M rows, participants not enrolled (one error per row) | {big_report['rows']:,} | {big_rows * ITEMS:,} "
          f"| {big_total:,} ({len(big_report['issues']):,} listed, {big_report.get('omitted', 0):,} omitted) "
          f"| {big_wall:.2f} | {big_rows * ITEMS / big_wall:,.0f} | {mib(big_peak)} |")
    print()
    print(f"Runs (s): {', '.join(f'{w:.3f}' for w in walls)}. Exit codes: clean 0, 1M rows {big_status} (errors). "
          f"Targets: ≥ 1,000,000 values/s — **{values / wall:,.0f}, {'met' if values / wall >= 1e6 else 'not met'}**; "
          f"1M rows in < 200 MB peak RSS — **{mib(big_peak)} MiB, {'met' if big_peak is not None and big_peak < 200 * 1024 else 'not met'}**.")
    print()
    message = long_err.strip().splitlines()[-1] if long_err.strip() else ""
    print(f"A 100 MiB file that is one line without a line break: exit {long_status} after {long_wall:.2f} s, "
          f"peak RSS {mib(long_peak)} MiB, message:")
    print()
    print("```")
    print(message.replace(work + "/", ""))
    print("```")


if __name__ == "__main__":
    main()
