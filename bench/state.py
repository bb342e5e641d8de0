#!/usr/bin/env python3
"""Durable state benchmarks (issue 12): `flowc run --state DIR`.

    bench/state.sh                     # quick: 20k profiles, ~205k events
    bench/state.sh --full              # 1M profiles, ~10M events (the issue's size)
    bench/state.sh --profiles 200000 --events 2000000
    bench/state.sh --flowc PATH        # measure an existing binary, skip the build

Builds flowc in Release (build-bench/, niced), generates the realistic
workload (bench/generate.py, shared with bench.py in build-bench/bench-data/)
and a continuation that touches 1 % of the profiles, then measures, with
FLOWC_STATE_TIMINGS=1 (one stderr line per checkpoint, and the open/load
and ready times; tools/flowc/state_run.cpp):

  full checkpoint   the workload into a new state with `--checkpoint-every 0`
                    (only at the end): the only checkpoint holds every
                    profile. Time, keys, bytes of the
                    batch, the engine's thread (take_changes, waiting for
                    the commit) and the commit's own (activity sync, encode,
                    synced write).
  bytes on disk     `du` of DIR after that run (flowc closes the database
                    cleanly: memory tables flushed; no manual compaction,
                    which neither flowc nor the store offers), per profile.
  1 % checkpoint    a copy of that state, continued with the next file:
                    one `Viewed Product` per 1 % of the profiles, at the
                    stream's last instant (no wait falls due). The
                    continuation's one checkpoint holds what changed.
  continuation open opening that state until the first record of the next
                    file can be applied (load + validation + import).
  resume            a copy of the state given the same input grown by the 1 %
                    lines: what a resumed run does (load, import, and read
                    and hash the bytes applied before, to check they are the
                    same), until the first new record can be applied.
  events/s          the workload without --state, with --state and the
                    default checkpointing (`auto`: 10 s, stretched to 9x
                    the predicted engine cost of the next checkpoint), with
                    a fixed `--checkpoint-every 10s`, and with
                    `--checkpoint-every LINES` (`--every-lines 0` leaves it
                    out; `--variants none,default` picks): rounds alternate
                    the order, best wall time of the rounds; ratios against
                    no state, also without the final checkpoint's engine
                    time (the run's steady state). `--only-throughput`
                    measures only these.

Every run is `flowc run examples/acme.flow --engine vm` without `--drain`
(a durable stream goes on; the waits stay in the state).
Results: a Markdown table on stdout and
build-bench/bench-results/state-{quick,full,custom-N-M}.json.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
sys.path.insert(0, BENCH)
import bench as B  # noqa: E402  (generate, timed, count_lines)

PROGRAM = os.path.join(ROOT, "examples", "acme.flow")
CKPT = re.compile(r"flowc state: checkpoint (\d+): (\d+) profiles, (\d+) keys, (\d+) bytes; engine's thread ([\d.]+) "
                  r"ms \(take_changes ([\d.]+), waiting for the commit ([\d.]+)\); commit ([\d.]+) ms \(activity sync "
                  r"([\d.]+), (?:encode|batch) ([\d.-]+), synced write ([\d.]+)\)")
CKPT_SYNCHRONOUS = re.compile(r"flowc state: checkpoint (\d+): (\d+) profiles, (\d+) keys, (\d+) bytes; ([\d.]+) ms "
                              r"\(take_changes ([\d.]+), activity sync ([\d.]+), encode ([\d.-]+), synced write "
                              r"([\d.]+)\)")
OPEN = re.compile(r"flowc state: open: (\d+) profiles loaded in ([\d.]+) ms")
READY = re.compile(r"flowc state: ready to apply the first record ([\d.]+) ms after opening")


def log(msg):
    print(f"[state] {msg}", file=sys.stderr, flush=True)


def continuation(data, workload, n, m):
    """One `Viewed Product` for every 100th profile of the workload, at its last instant."""
    path = os.path.join(data, f"touch1pct-{n}-{m}.ndjson")
    if os.path.exists(path):
        return path
    ids, last = [], None
    pat = re.compile(rb'"type":"profile","time":"[^"]*","profile":"([^"]+)"')
    tim = re.compile(rb'"time":"([^"]+)"')
    with open(workload, "rb") as f:
        for line in f:
            if line.startswith(b'{"type":"profile"'):
                mm = pat.match(line, 1)
                if mm:
                    ids.append(mm.group(1).decode())
            last = line
    when = tim.search(last).group(1).decode()
    seen, picked = set(), []
    for pid in ids:
        if pid not in seen:
            seen.add(pid)
            if len(seen) % 100 == 0:
                picked.append(pid)
    with open(path + ".tmp", "w") as f:
        for pid in picked:
            f.write(f'{{"type":"event","time":"{when}","profile":"{pid}","metric":"Viewed Product",'
                    f'"properties":{{"product_id":"gift-box","product_name":"Gift Box","price":48.00}}}}\n')
    os.replace(path + ".tmp", path)
    log(f"continuation: {len(picked)} of {len(seen)} profiles at {when}")
    return path


def run(flowc, events, out, state=None, every=None, extra_env=None):
    cmd = [flowc, "run", PROGRAM, "--events", events, "--engine", "vm", "--out", out, "-q"]
    if state:
        cmd += ["--state", state]
    if every is not None:
        cmd += ["--checkpoint-every", str(every)]
    env = {"FLOWC_STATE_TIMINGS": "1"}
    env.update(extra_env or {})
    r = B.timed(cmd, env=env)
    if os.path.exists(out):  # only the timings are kept: a full run's activity is 4.6 GB
        os.remove(out)
    if r["rc"] != 0:
        raise SystemExit(f"state bench: `{' '.join(cmd)}` failed ({r['rc']}):\n{r['stderr'][-2000:]}")
    r["checkpoints"] = [dict(zip(("n", "profiles", "keys", "bytes", "ms", "take_ms", "wait_ms", "commit_ms",
                                  "sync_ms", "encode_ms", "write_ms"), (float(x) for x in mm.groups())))
                        for mm in CKPT.finditer(r["stderr"])]
    for mm in CKPT_SYNCHRONOUS.finditer(r["stderr"]):  # a flowc from before the commit went to its own thread
        n, profiles, keys, nbytes, ms, take, sync, encode, write = (float(x) for x in mm.groups())
        r["checkpoints"].append(dict(n=n, profiles=profiles, keys=keys, bytes=nbytes, ms=ms, take_ms=take,
                                     wait_ms=ms - take, commit_ms=sync + encode + write, sync_ms=sync,
                                     encode_ms=encode, write_ms=write))
    mo, mr = OPEN.search(r["stderr"]), READY.search(r["stderr"])
    r["open_ms"] = float(mo.group(2)) if mo else None
    r["loaded_profiles"] = int(mo.group(1)) if mo else None
    r["ready_ms"] = float(mr.group(1)) if mr else None
    del r["stderr"]
    return r


def du(path):
    apparent = int(subprocess.run(["du", "-sb", path], capture_output=True, text=True).stdout.split()[0])
    disk = int(subprocess.run(["du", "-sk", path], capture_output=True, text=True).stdout.split()[0]) * 1024
    files = {}
    for root, _, names in os.walk(path):
        for nm in names:
            ext = nm.rsplit(".", 1)[-1] if "." in nm else nm.split("-")[0]
            files[ext] = files.get(ext, 0) + os.path.getsize(os.path.join(root, nm))
    return {"apparent": apparent, "disk": disk, "by_kind": files}


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def main():
    ap = argparse.ArgumentParser(description="durable state benchmarks (see bench/README.md)")
    ap.add_argument("--full", action="store_true", help="1,000,000 profiles and 10,000,000 events")
    ap.add_argument("--profiles", type=int)
    ap.add_argument("--events", type=int)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rounds", type=int, help="alternating rounds of the events/s comparison (3 quick, 1 full)")
    ap.add_argument("--every-lines", type=int, default=10000, help="the line-count setting compared (10000; 0: not compared)")
    ap.add_argument("--no-throughput", action="store_true", help="skip the events/s comparison")
    ap.add_argument("--only-throughput", action="store_true",
                    help="only the events/s comparison (no full checkpoint, continuation or resume)")
    ap.add_argument("--variants", default="none,default,period,lines",
                    help="the events/s variants compared (none, default, period, lines; comma-separated)")
    ap.add_argument("--flowc", help="use this flowc binary (skips the build)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    args = ap.parse_args()

    n = args.profiles or (1_000_000 if args.full else 20_000)
    m = args.events or (10_000_000 if args.full else 200_000)
    mode = "full" if args.full and not (args.profiles or args.events) else (
        "quick" if not (args.profiles or args.events) else f"custom-{n}-{m}")
    rounds = args.rounds or (1 if args.full else 3)
    build = os.path.abspath(args.build_dir)
    data = os.path.join(build, "bench-data")
    work = os.path.join(build, "bench-state", mode)
    results = os.path.join(build, "bench-results")
    for d in (data, work, results):
        os.makedirs(d, exist_ok=True)

    flowc = args.flowc
    if not flowc:
        log("building flowc (Release) in " + build)
        B.sh(["cmake", "-S", ROOT, "-B", build, "-DCMAKE_BUILD_TYPE=Release"], stdout=subprocess.DEVNULL)
        B.sh(["nice", "cmake", "--build", build, "-j2", "--target", "flowc"], stdout=subprocess.DEVNULL)
        flowc = os.path.join(build, "tools", "flowc", "flowc")
    flowc = os.path.abspath(flowc)

    gen = ["--days", str(args.days), "--seed", str(args.seed)]
    workload, _ = B.generate(data, f"realistic-{n}-{m}", ["--profiles", str(n), "--events", str(m)] + gen)
    lines = B.count_lines(workload)
    touch = continuation(data, workload, n, m)
    touched = B.count_lines(touch)
    grown = os.path.join(data, f"grown-{n}-{m}.ndjson")
    if not os.path.exists(grown):
        with open(grown + ".tmp", "wb") as g:
            for p in (workload, touch):
                with open(p, "rb") as f:
                    shutil.copyfileobj(f, g, 1 << 20)
        os.replace(grown + ".tmp", grown)

    res = {"mode": mode, "profiles": n, "events": lines, "touched": touched, "flowc": flowc, "rounds": rounds,
           "every_lines": args.every_lines, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "commit": subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True).stdout.strip(),
           "load": os.getloadavg()}

    if not args.only_throughput:
        # Full checkpoint: one checkpoint at the end, holding every profile.
        state = fresh(os.path.join(work, "state"))
        log(f"full run into {state} ({lines:,} lines)")
        full = run(flowc, workload, os.path.join(work, "full.activity"), state=state, every=0)
        res["full_run"] = full
        res["disk"] = du(state)
        log(f"  {full['wall']:.1f} s; checkpoint {full['checkpoints'][-1]}")

        # The 1 % continuation, and the resume of the grown input, each on a copy.
        cont_dir = fresh(os.path.join(work, "state-cont"))
        shutil.copytree(state, cont_dir)
        log("continuation (1 % of the profiles)")
        res["continuation"] = run(flowc, touch, os.path.join(work, "cont.activity"), state=cont_dir)
        res["disk_after_continuation"] = du(cont_dir)
        res_dir = fresh(os.path.join(work, "state-resume"))
        shutil.copytree(state, res_dir)
        log("resume over the grown input")
        res["resume"] = run(flowc, grown, os.path.join(work, "resume.activity"), state=res_dir)
        shutil.rmtree(res_dir, ignore_errors=True)
        # The process's fixed cost (program compile, start-up) for reference.
        res["tiny_no_state"] = run(flowc, touch, os.path.join(work, "tiny.activity"))

    # events/s: no state, default checkpointing, every N lines; alternating rounds.
    if not args.no_throughput:
        variants = [("none", None, None), ("default", "state", None), ("period", "state", "10s")]
        if args.every_lines > 0:
            variants.append(("lines", "state", args.every_lines))
        wanted = args.variants.split(",")
        variants = [v for v in variants if v[0] in wanted]
        tp = {v[0]: [] for v in variants}
        for rnd in range(rounds):
            order = variants if rnd % 2 == 0 else list(reversed(variants))
            for name, st, every in order:
                d = fresh(os.path.join(work, f"tp-{name}")) if st else None
                r = run(flowc, workload, os.path.join(work, f"tp-{name}.activity"), state=d, every=every)
                log(f"  round {rnd + 1} {name}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, "
                    f"{len(r['checkpoints'])} checkpoints")
                tp[name].append(r)
                if d:
                    shutil.rmtree(d, ignore_errors=True)
        res["throughput"] = tp

    shutil.rmtree(work, ignore_errors=True)  # the state folders of a full run are several GB
    path = os.path.join(results, f"state-{mode}.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
    print_table(res)
    log(f"results in {path}")


def mib(x):
    return f"{x / 2 ** 20:,.1f} MiB"


def print_table(res):
    n = res["profiles"]
    continuation = (f"; continuation {res['touched']:,} events touching 1 % of the profiles"
                    if "full_run" in res else "")
    print(f"\nflowc --state ({res['mode']}: {n:,} profiles, {res['events']:,} events{continuation}; "
          f"commit {res['commit']}; {res['date']}; load average at start {res['load'][0]:.1f})\n")
    print("| measure | value |")
    print("| --- | ---: |")
    if "full_run" in res:
        print_state_rows(res)
    print_throughput_rows(res)


def row(k, v):
    print(f"| {k} | {v} |")


def print_state_rows(res):
    n = res["profiles"]
    full = res["full_run"]["checkpoints"][-1]
    cont = res["continuation"]["checkpoints"][-1]
    c, r = res["continuation"], res["resume"]
    row("full checkpoint: profiles written", f"{full['profiles']:,.0f}")
    row("full checkpoint: keys / batch bytes", f"{full['keys']:,.0f} / {mib(full['bytes'])}")
    row("full checkpoint: engine's thread (ms)", f"{full['ms']:,.0f}")
    row("  engine's thread: take_changes / waiting for the commit (ms)",
        f"{full['take_ms']:,.0f} / {full['wait_ms']:,.0f}")
    row("  commit (its own thread): activity sync / encode (batch since the engine encodes) / synced write (ms)",
        f"{full['sync_ms']:,.0f} / {full['encode_ms']:,.0f} / {full['write_ms']:,.0f}")
    row("1 % checkpoint: profiles written", f"{cont['profiles']:,.0f}")
    row("1 % checkpoint: keys / batch bytes", f"{cont['keys']:,.0f} / {mib(cont['bytes'])}")
    row("1 % checkpoint: engine's thread (ms)", f"{cont['ms']:,.1f}")
    row("  engine's thread: take_changes / waiting for the commit (ms)",
        f"{cont['take_ms']:,.1f} / {cont['wait_ms']:,.1f}")
    row("  commit (its own thread): activity sync / encode (batch since the engine encodes) / synced write (ms)",
        f"{cont['sync_ms']:,.1f} / {cont['encode_ms']:,.1f} / {cont['write_ms']:,.1f}")
    row("continuation: open + load (ms)", f"{c['open_ms']:,.0f}")
    row("continuation: open until the first record can be applied (ms)", f"{c['ready_ms']:,.0f}")
    row("continuation: whole process, wall (s) [no state, same file]",
        f"{c['wall']:.2f} [{res['tiny_no_state']['wall']:.2f}]")
    row("continuation: peak RSS", mib(c["rss"]))
    row("resume (same input grown): open + load (ms)", f"{r['open_ms']:,.0f}")
    row("resume: open until the first new record can be applied (ms)", f"{r['ready_ms']:,.0f}")
    d = res["disk"]
    row("state on disk after the full run, du (apparent / allocated)", f"{mib(d['apparent'])} / {mib(d['disk'])}")
    row("  of which table files (.sst) / write-ahead log (.log)",
        f"{mib(d['by_kind'].get('sst', 0))} / {mib(d['by_kind'].get('log', 0))}")
    row("state bytes per profile (du -sb / profiles)", f"{d['apparent'] / n:,.0f}")
    row("state after the 1 % continuation, du -sb", mib(res["disk_after_continuation"]["apparent"]))


def print_throughput_rows(res):
    tp = res.get("throughput")
    if tp:
        best = {k: min(v, key=lambda x: x["wall"]) for k, v in tp.items()}
        bcpu = {k: min(x["cpu"] for x in v) for k, v in tp.items()}
        ev = res["events"]
        labels = [("none", "no --state"), ("default", "--state, default (auto)"),
                  ("period", "--state, --checkpoint-every 10s"),
                  ("lines", f"--state, --checkpoint-every {res['every_lines']}")]
        labels = [(k, label) for k, label in labels if k in best]
        for k, label in labels:
            b = best[k]
            row(f"events/s, {label} (wall; per CPU-s)",
                f"{ev / b['wall']:,.0f}; {ev / bcpu[k]:,.0f} ({len(b['checkpoints'])} checkpoints)")
        for k, label in labels[1:]:
            row(f"time ratio, {label[len('--state, '):]} / no state (wall; CPU)",
                f"{best[k]['wall'] / best['none']['wall']:.3f}; {bcpu[k] / bcpu['none']:.3f}")
            last = best[k]["checkpoints"][-1]["ms"] / 1000 if best[k]["checkpoints"] else 0
            row(f"  without the final checkpoint's {last:.1f} s (wall)",
                f"{(best[k]['wall'] - last) / best['none']['wall']:.3f}")



if __name__ == "__main__":
    main()
