#!/usr/bin/env python3
"""Two flowc binaries side by side: before and after a change.

    bench/compare.py --before OLD/flowc --after NEW/flowc [--rounds 2] [-- BENCH.PY OPTIONS]

Runs bench/bench.py (quick mode unless options after `--` say otherwise)
once per binary per round, alternating the order from round to round
(before, after, after, before, ...) so that a change in the machine's load
hits both sides alike. Each run's results are kept as
build-bench/bench-results/compare-{before,after}-ROUND.json. The table on
stdout takes for each measure the best of the rounds (fastest time, highest
rate, lowest memory) and gives after / before: above 1.00 means the after
build is higher (better for rates, worse for times and memory).

Both binaries read the workloads and programs of this tree (bench-data is
shared), so the programs must mean the same to both.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (label, path into results, best = min or max, unit)
ENGINE_MEASURES = [
    ("events/s end to end (acme.flow, wall)", ["e2e", "events_per_s"], max, ""),
    ("events/s per CPU-second", ["e2e", "events_per_cpu_s"], max, ""),
    ("CPU time end to end (s)", ["e2e", "cpu_s"], min, "s"),
    ("peak RSS, N profiles (acme)", ["memory", "peak_rss_N"], min, "MiB"),
    ("bytes/profile (slope N->2N)", ["memory", "bytes_per_profile_slope"], min, ""),
    ("bytes per waiting profile (slope)", ["waiting", "bytes_per_waiting_profile"], min, ""),
    ("  of which the waiting run", ["waiting", "bytes_per_waiting_run"], min, ""),
    ("ns per filter evaluation (marginal)", ["filters", "ns_per_eval"], min, "ns"),
    ("ns per evaluation, whole run", ["filters", "ns_per_eval_whole_run"], min, "ns"),
]
CHECK_MEASURES = [
    ("`flowc check`, 10,010 lines (ms)", ["check", "check_ms"], min, "ms"),
    ("`flowc build`, 10,010 lines (ms)", ["check", "build_ms"], min, "ms"),
    ("ingestion alone, CPU (s)", ["ingestion", "flowc_cpu_s"], min, "s"),
    ("ingestion / simdjson DOM, net of loading the program", ["ingestion", "ratio_net"], min, "x"),
]


def dig(d, path):
    for k in path:
        d = d.get(k) if isinstance(d, dict) else None
    return d


def best_of(runs, path, pick):
    vals = [v for v in (dig(r, path) for r in runs) if isinstance(v, (int, float))]
    return pick(vals) if vals else None


def show(x, unit):
    if x is None:
        return "n/a"
    if unit == "MiB":
        return f"{x / 2 ** 20:,.1f} MiB"
    if unit in ("ns", "s"):
        return f"{x:,.2f}" if x < 10 else f"{x:,.1f}"
    if unit == "x":
        return f"{x:.2f}"
    return f"{x:,.0f}"


def run_bench(flowc, side, rnd, build_dir, extra):
    cmd = [sys.executable, os.path.join(ROOT, "bench", "bench.py"), "--flowc", flowc, "--build-dir", build_dir] + extra
    print(f"[compare] round {rnd}: {side} ({flowc})", file=sys.stderr, flush=True)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    results = os.path.join(build_dir, "bench-results")
    mode = [f for f in os.listdir(results) if f.startswith("results-")]
    newest = max(mode, key=lambda f: os.path.getmtime(os.path.join(results, f)))
    kept = os.path.join(results, f"compare-{side}-{rnd}.json")
    shutil.copy(os.path.join(results, newest), kept)
    res = json.load(open(kept))
    res["table"] = out
    return res


def main():
    ap = argparse.ArgumentParser(description="two flowc binaries side by side (see bench/README.md)")
    ap.add_argument("--before", required=True, help="the flowc binary before the change")
    ap.add_argument("--after", required=True, help="the flowc binary after the change")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("bench_args", nargs="*", help="options for bench.py (after --)")
    args = ap.parse_args()

    binaries = {"before": os.path.abspath(args.before), "after": os.path.abspath(args.after)}
    runs = {"before": [], "after": []}
    for rnd in range(1, args.rounds + 1):
        order = ["before", "after"] if rnd % 2 else ["after", "before"]
        for side in order:
            extra = list(args.bench_args)
            if rnd > 1 and "--no-callgrind" not in extra:
                extra.append("--no-callgrind")  # the evaluation count does not change from round to round
            runs[side].append(run_bench(binaries[side], side, rnd, args.build_dir, extra))

    first = runs["before"][0]
    engines = [e for e in ("vm", "jit") if all(e in r["engines_results"] for s in runs.values() for r in s)]
    print(f"\nflowc before/after ({first['mode']}: {first['profiles']:,} profiles, {first['events']:,} events; "
          f"best of {args.rounds} alternating rounds)\n")
    print(f"before: {binaries['before']}\nafter:  {binaries['after']}\n")
    print("| measure | engine | before | after | after / before |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label, path, pick, unit in ENGINE_MEASURES:
        for eng in engines:
            full = ["engines_results", eng] + path
            b, a = best_of(runs["before"], full, pick), best_of(runs["after"], full, pick)
            ratio = f"{a / b:.3f}" if a is not None and b else "n/a"
            print(f"| {label} | {eng} | {show(b, unit)} | {show(a, unit)} | {ratio} |")
    for label, path, pick, unit in CHECK_MEASURES:
        b, a = best_of(runs["before"], path, pick), best_of(runs["after"], path, pick)
        ratio = f"{a / b:.3f}" if a is not None and b else "n/a"
        print(f"| {label} | | {show(b, unit)} | {show(a, unit)} | {ratio} |")
    print("\nevery round (events/s end to end, VM; ns per evaluation, VM):")
    for side in ("before", "after"):
        e2e = [show(dig(r, ["engines_results", "vm", "e2e", "events_per_s"]), "") for r in runs[side]]
        ns = [show(dig(r, ["engines_results", "vm", "filters", "ns_per_eval"]), "ns") for r in runs[side]]
        print(f"  {side}: {', '.join(e2e)} events/s; {', '.join(ns)} ns")
    for side in ("before", "after"):
        for r in runs[side]:
            for eng, e in r["engines_results"].items():
                fh = e["filters"]
                if fh.get("entered_matches_baseline") is False:
                    print(f"WARNING: {side} [{eng}] flow entries differ from the baselines'")
                if e["e2e"]["input_errors"]:
                    print(f"WARNING: {side} [{eng}] {e['e2e']['input_errors']} input errors")


if __name__ == "__main__":
    main()
