#!/usr/bin/env python3
"""The flowc benchmark harness: one command, every figure of bench/README.md.

    bench/run.sh                 # quick mode: 20k profiles, 200k events (about a minute)
    bench/run.sh --full          # 1M profiles, 10M events (the issue's target; minutes, GBs)
    bench/run.sh --flowc PATH    # measure an existing binary, skip the build

Steps: builds flowc in Release (build-bench/), generates the workloads into
build-bench/bench-data/ (reused when present; never committed), detects the
JIT (a tiny program run with `--engine jit`: exit code 0 means available),
then measures for each engine (vm, and jit when available):

  e2e        events/s end to end: examples/acme.flow over the realistic mix,
             `flowc run --drain --out --report` under /usr/bin/time -v (wall
             time, CPU time, peak RSS); best wall time of --repeat runs.
  memory     peak RSS of that run, peak/N, and the slope between N and 2N
             profiles ((RSS(2N) - RSS(N)) / N; quick mode only, where a 2N
             workload is cheap).
  waiting    bench/waiting.flow over --mix signups without --drain: every
             profile ends waiting in `wait 365d` (pending read from the
             report). Bytes per waiting profile = (RSS(2N) - RSS(N)) / N;
             the same with the flow made `status draft` gives bytes per bare
             profile, and the difference is the waiting run itself.
  filters    ns per filter evaluation: CPU time of bench/filter_heavy.flow
             minus CPU time of a program with the same schema and no
             segments or flows, over the same events, divided by the number
             of chunk evaluations. The count is exact: bench/baseline.cpp and
             .lua count the evaluations they make, mirroring flowc's
             evaluation order and its segment dependency filter; the harness checks that against flowc on a sample run with
             `valgrind --tool=callgrind` (calls to vm::run_registers and
             vm::evaluate) and against
             flowc's per-flow `entered` counts on the full workload.
  baselines  bench/baseline.lua (LuaJIT) and bench/baseline.cpp (g++ -O2):
             the same filter logic by hand over the same records (TSV
             copy), ns/eval by the same marginal method.
  check      `flowc check` and `flowc build` of a 10,000-line program from
             bench/big_program.py: best of 5, ms per 1,000 lines.
  jit        JIT compile time from the run summary ("jit: N chunks compiled
             at O1 in X ms") for acme.flow, filter_heavy.flow and the
             10,000-line program.

Results: a table on stdout and build-bench/bench-results/results-{quick,full}.json.
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


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


# ---------------------------------------------------------------------------
# Running and measuring


def timed(cmd, stdout=subprocess.DEVNULL, env=None):
    """Runs cmd under /usr/bin/time -v; returns dict(wall, cpu, rss, rc, stderr)."""
    proc = subprocess.run(["/usr/bin/time", "-v"] + cmd, stdout=stdout, stderr=subprocess.PIPE, text=True,
                          env=dict(os.environ, **env) if env else None)
    err = proc.stderr
    out = {"rc": proc.returncode, "stderr": err}
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", err)
    out["wall"] = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))) if m else None
    u = re.search(r"User time \(seconds\): ([\d.]+)", err)
    s = re.search(r"System time \(seconds\): ([\d.]+)", err)
    out["cpu"] = float(u.group(1)) + float(s.group(1)) if u and s else None
    r = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    out["rss"] = int(r.group(1)) * 1024 if r else None
    j = re.search(r"jit: (\d+) chunks .*? in ([\d.]+) ms", err)
    out["jit_ms"] = float(j.group(2)) if j else None
    out["jit_chunks"] = int(j.group(1)) if j else None
    u = re.search(r"\((\d+) of (\d+) units used", err)
    out["jit_units"] = f"{u.group(1)} of {u.group(2)}" if u else None
    return out


def best(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return min(vals) if vals else None


def flowc_run(flowc, program, events, engine, drain=True, out=os.devnull, report=None, repeat=1, env=None):
    cmd = [flowc, "run", program, "--events", events, "--engine", engine, "--out", out]
    if drain:
        cmd.append("--drain")
    if report:
        cmd += ["--report", report]
    runs = []
    for _ in range(repeat):
        r = timed(cmd, env=env)
        if r["rc"] != 0:
            raise SystemExit(f"bench: `{' '.join(cmd)}` failed ({r['rc']}):\n{r['stderr'][-2000:]}")
        runs.append(r)
    return {"wall": best(runs, "wall"), "cpu": best(runs, "cpu"), "rss": max(r["rss"] for r in runs),
            "jit_ms": best(runs, "jit_ms"), "jit_chunks": runs[0]["jit_chunks"], "jit_units": runs[0]["jit_units"],
            "runs": len(runs)}


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


# ---------------------------------------------------------------------------
# Workloads


def generate(data, name, args, tsv=False):
    """bench/generate.py into data/NAME.ndjson (and .tsv); reused when present."""
    nd = os.path.join(data, name + ".ndjson")
    ts = os.path.join(data, name + ".tsv")
    if os.path.exists(nd) and (not tsv or os.path.exists(ts)):
        return nd, ts
    log(f"generating {name} ({' '.join(args)})")
    cmd = [sys.executable, os.path.join(BENCH, "generate.py")] + args
    if tsv:
        cmd += ["--tsv", ts + ".tmp"]
    t0 = time.time()
    with open(nd + ".tmp", "wb") as f:
        sh(cmd, stdout=f)
    os.replace(nd + ".tmp", nd)
    if tsv:
        os.replace(ts + ".tmp", ts)
    log(f"  {name}: {time.time() - t0:.1f} s")
    return nd, ts


def base_program(data):
    """filter_heavy.flow's schema alone (no segments, no flows)."""
    src = open(os.path.join(BENCH, "filter_heavy.flow")).read()
    cut = src.index("# F1:")
    path = os.path.join(data, "filter_base.flow")
    with open(path, "w") as f:
        f.write(src[:cut])
    return path


def draft_waiting(data):
    src = open(os.path.join(BENCH, "waiting.flow")).read()
    path = os.path.join(data, "waiting_draft.flow")
    with open(path, "w") as f:
        f.write(src.replace("status live", "status draft"))
    return path


def detect_jit(flowc, data):
    prog = os.path.join(data, "jit_probe.flow")
    ev = os.path.join(data, "jit_probe.ndjson")
    with open(prog, "w") as f:
        f.write('profile { vip: bool = false }\nlist L\n'
                'segment S = profile.vip or profile in list L\n'
                'flow "F" {\n  trigger list L\n  status live\n  notify "a@b.example" "hi"\n}\n')
    with open(ev, "w") as f:
        f.write('{"type":"list_add","time":"2026-11-01T00:00:00Z","profile":"p1","list":"L"}\n')
    r = subprocess.run([flowc, "run", prog, "--events", ev, "--engine", "jit", "--out", os.devnull, "-q"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        log(f"JIT not available (exit {r.returncode}): {r.stderr.strip()[:200]}")
    return r.returncode == 0


def callgrind_evaluations(flowc, program, events, data):
    """Chunk evaluations of the VM in one run, counted by callgrind (None without valgrind)."""
    if not shutil.which("valgrind"):
        return None
    out = os.path.join(data, "callgrind.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", flowc, "run", program,
                    "--events", events, "--engine", "vm", "--drain", "--out", os.devnull, "-q"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    names, calls, cur = {}, {}, None
    pat = re.compile(r"^(c?fn)=\((\d+)\)(?: (.*))?$")
    with open(out) as f:
        for line in f:
            m = pat.match(line)
            if m:
                kind, ident, name = m.groups()
                if name:
                    names[ident] = name
                cur = ident if kind == "cfn" else None
                continue
            if cur and line.startswith("calls="):
                calls[cur] = calls.get(cur, 0) + int(line[6:].split()[0])
                cur = None
    # On the VM a chunk evaluation is one call of vm::run_registers (a typed
    # chunk's register code) or of vm::evaluate (the stack VM: any other
    # chunk); nested chunks do not exist. A register run that deoptimises
    # is followed by a stack VM run of the same chunk and counts twice,
    # which the check would show (filter_heavy.flow's chunks never do).
    hits = [c for i, c in calls.items()
            if re.search(r"vm::(run_registers|evaluate)\(", names.get(i, ""))]
    return sum(hits) if hits else None


def compile_baseline(data, source, name, libs=()):
    """Compiles bench/SOURCE with g++ -O2 into bench-data/NAME (again when
    the source is newer); None without a compiler or when it fails."""
    cxx = shutil.which("g++") or shutil.which("c++")
    if not cxx:
        return None
    exe = os.path.join(data, name)
    src = os.path.join(BENCH, source)
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        if subprocess.run([cxx, "-O2", "-std=c++20", "-o", exe, src, *libs]).returncode != 0:
            return None
    return exe


def cpp_baseline(data):
    """bench/baseline.cpp, the filters written by hand."""
    return compile_baseline(data, "baseline.cpp", "baseline_cpp")


def parse_baseline(data):
    """bench/parse_baseline.cpp: simdjson's DOM parse, a line at a time."""
    return compile_baseline(data, "parse_baseline.cpp", "parse_baseline", ["-lsimdjson"])


def ingestion(flowc, base, events, data, repeat):
    """Reading alone: `flowc run` of the schema without segments or flows,
    `--out /dev/null`, against simdjson's DOM parse of the same lines one at
    a time (issue 14's target: within 1.5x). CPU seconds, best of `repeat`;
    `flowc_empty_cpu_s` is the same run over no events (loading the program),
    which `ratio_net` leaves out."""
    exe = parse_baseline(data)
    empty = os.path.join(data, "empty.ndjson")
    open(empty, "w").close()
    f = flowc_run(flowc, base, events, "vm", drain=False, repeat=repeat)
    f0 = flowc_run(flowc, base, empty, "vm", drain=False, repeat=repeat)
    res = {"flowc_cpu_s": f["cpu"], "flowc_empty_cpu_s": f0["cpu"]}
    if exe:
        runs = [timed([exe, events]) for _ in range(max(repeat, 3))]
        res["simdjson_dom_cpu_s"] = best(runs, "cpu")
        if res["simdjson_dom_cpu_s"]:
            res["ratio"] = f["cpu"] / res["simdjson_dom_cpu_s"]
            res["ratio_net"] = (f["cpu"] - f0["cpu"]) / res["simdjson_dom_cpu_s"]
    return res


def cpp_run(exe, tsv, data, repeat=3):
    if not exe:
        return None
    rep = os.path.join(data, os.path.basename(tsv) + ".cpp.json")
    sh([exe, tsv, rep, str(repeat)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.load(open(rep))


def luajit_run(tsv, data, repeat=3):
    lj = shutil.which("luajit")
    if not lj:
        return None
    rep = os.path.join(data, os.path.basename(tsv) + ".lua.json")
    r = subprocess.run([lj, os.path.join(BENCH, "baseline.lua"), tsv, rep, str(repeat)], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:  # e.g. LuaJIT's 2 GiB heap limit on --full
        log(f"luajit failed: {r.stderr.strip()[-300:]}")
        return None
    return json.load(open(rep))


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description="flowc benchmarks (see bench/README.md)")
    ap.add_argument("--full", action="store_true", help="1,000,000 profiles and 10,000,000 events")
    ap.add_argument("--profiles", type=int, help="override N")
    ap.add_argument("--events", type=int, help="override M")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, help="runs per timing (best kept); default 3 quick, 1 full")
    ap.add_argument("--flowc", help="use this flowc binary (skips the build)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--engines", default="vm,jit", help="engines to try (jit only when it works)")
    ap.add_argument("--no-callgrind", action="store_true", help="skip the callgrind check of the evaluation count")
    args = ap.parse_args()

    n = args.profiles or (1_000_000 if args.full else 20_000)
    m = args.events or (10_000_000 if args.full else 200_000)
    repeat = args.repeat or (1 if args.full else 3)
    mode = "full" if args.full else "quick"
    if args.profiles or args.events:
        mode = f"custom-{n}-{m}"
    build = args.build_dir
    data = os.path.join(build, "bench-data")
    results_dir = os.path.join(build, "bench-results")
    os.makedirs(data, exist_ok=True)
    os.makedirs(results_dir, exist_ok=True)

    flowc = args.flowc
    if not flowc:
        log("building flowc (Release) in " + build)
        sh(["cmake", "-S", ROOT, "-B", build, "-DCMAKE_BUILD_TYPE=Release"], stdout=subprocess.DEVNULL)
        sh(["cmake", "--build", build, "-j2", "--target", "flowc"], stdout=subprocess.DEVNULL)
        flowc = os.path.join(build, "tools", "flowc", "flowc")
    flowc = os.path.abspath(flowc)

    engines = ["vm"]
    jit_ok = "jit" in args.engines.split(",") and detect_jit(flowc, data)
    if jit_ok:
        engines.append("jit")
    log(f"flowc {flowc}; engines: {', '.join(engines)}; mode {mode}: N={n} profiles, M={m} events")

    res = {"mode": mode, "profiles": n, "events_target": m, "days": args.days, "seed": args.seed,
           "flowc": flowc, "engines": engines, "jit_available": jit_ok, "repeat": repeat,
           "machine": {"cpus": os.cpu_count(), "uname": " ".join(os.uname())}}
    try:
        res["commit"] = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                       text=True).stdout.strip()
    except OSError:
        pass

    gen = ["--days", str(args.days), "--seed", str(args.seed)]
    real, real_tsv = generate(data, f"realistic-{n}-{m}", ["--profiles", str(n), "--events", str(m)] + gen, tsv=True)
    lines = count_lines(real)
    res["events"] = lines
    # The N -> 2N slope needs a 2N workload: cheap in quick mode, not at 1M.
    scaling = not args.full
    if scaling:
        real2, _ = generate(data, f"realistic-{2 * n}-{2 * m}", ["--profiles", str(2 * n), "--events", str(2 * m)] + gen)
        lines2 = count_lines(real2)
    wait1, _ = generate(data, f"signups-{n}", ["--mix", "signups", "--profiles", str(n)] + gen)
    wait2 = None
    if scaling:
        wait2, _ = generate(data, f"signups-{2 * n}", ["--mix", "signups", "--profiles", str(2 * n)] + gen)
    acme = os.path.join(ROOT, "examples", "acme.flow")
    heavy = os.path.join(BENCH, "filter_heavy.flow")
    base = base_program(data)
    draft = draft_waiting(data)
    waiting = os.path.join(BENCH, "waiting.flow")

    # -- evaluation count (engine-independent) --------------------------------
    log("baselines: bench/baseline.cpp (g++ -O2) and bench/baseline.lua (luajit)")
    cpp_exe = cpp_baseline(data)
    cpp = cpp_run(cpp_exe, real_tsv, data, repeat=repeat if repeat > 1 else 3)
    lua = luajit_run(real_tsv, data, repeat=3)
    evals = (cpp or lua or {}).get("evaluations")
    res["cpp"] = cpp
    res["luajit"] = lua
    sample_check = None
    if not args.no_callgrind and shutil.which("valgrind"):
        sn, st = generate(data, "sample-1000-10000", ["--profiles", "1000", "--events", "10000"] + gen, tsv=True)
        cg = callgrind_evaluations(flowc, heavy, sn, data)
        lua_s = luajit_run(st, data, repeat=1)
        cpp_s = cpp_run(cpp_exe, st, data, repeat=1)
        sample_check = {"callgrind_flowc": cg, "luajit": lua_s["evaluations"] if lua_s else None,
                        "cpp": cpp_s["evaluations"] if cpp_s else None}
        log(f"evaluation count on the sample: flowc (callgrind) {cg}, baseline.lua {sample_check['luajit']}, "
            f"baseline.cpp {sample_check['cpp']}")
    res["evaluation_count_check"] = sample_check

    per_engine = {}
    for eng in engines:
        log(f"[{eng}] end to end: acme.flow over {lines} events")
        e = {}
        rep = os.path.join(data, f"acme-{eng}.report.json")
        act = os.path.join(data, f"acme-{eng}.activity.ndjson")
        r = flowc_run(flowc, acme, real, eng, drain=True, out=act, report=rep, repeat=repeat)
        report = json.load(open(rep))
        e["e2e"] = {"wall_s": r["wall"], "cpu_s": r["cpu"], "peak_rss": r["rss"],
                    "events_per_s": lines / r["wall"], "events_per_cpu_s": lines / r["cpu"] if r["cpu"] else None,
                    "activity_lines": count_lines(act), "input_errors": len(report.get("input_errors", [])),
                    "jit_ms": r["jit_ms"], "jit_chunks": r["jit_chunks"]}
        e["memory"] = {"peak_rss_N": r["rss"], "bytes_per_profile_peak_over_N": r["rss"] / n}
        os.remove(act)
        if scaling:
            r2 = flowc_run(flowc, acme, real2, eng, drain=True, report=None, repeat=1)
            e["memory"].update({"peak_rss_2N": r2["rss"], "bytes_per_profile_slope": (r2["rss"] - r["rss"]) / n,
                                "events_per_s_2N": lines2 / r2["wall"]})

        log(f"[{eng}] waiting profiles")
        rep = os.path.join(data, f"waiting-{eng}.report.json")
        w1 = flowc_run(flowc, waiting, wait1, eng, drain=False, report=rep, repeat=1)
        wrep = json.load(open(rep))
        pending = sum(s.get("pending", 0) for f in wrep["flows"].values() for s in f.get("steps", {}).values())
        d1 = flowc_run(flowc, draft, wait1, eng, drain=False, repeat=1)
        e["waiting"] = {"pending": pending, "peak_rss_N": w1["rss"], "bytes_per_waiting_profile_peak_over_N": w1["rss"] / n,
                        "draft_peak_rss_N": d1["rss"]}
        if scaling:
            w2 = flowc_run(flowc, waiting, wait2, eng, drain=False, repeat=1)
            d2 = flowc_run(flowc, draft, wait2, eng, drain=False, repeat=1)
            e["waiting"].update({
                "peak_rss_2N": w2["rss"], "draft_peak_rss_2N": d2["rss"],
                "bytes_per_waiting_profile": (w2["rss"] - w1["rss"]) / n,
                "bytes_per_bare_profile": (d2["rss"] - d1["rss"]) / n,
                "bytes_per_waiting_run": ((w2["rss"] - w1["rss"]) - (d2["rss"] - d1["rss"])) / n})

        log(f"[{eng}] filter-heavy")
        rep = os.path.join(data, f"heavy-{eng}.report.json")
        h = flowc_run(flowc, heavy, real, eng, drain=True, report=rep, repeat=repeat)
        b = flowc_run(flowc, base, real, eng, drain=True, repeat=repeat)
        hrep = json.load(open(rep))
        fh = {"heavy_cpu_s": h["cpu"], "heavy_wall_s": h["wall"], "base_cpu_s": b["cpu"], "evaluations": evals,
              "jit_ms": h["jit_ms"]}
        if evals:
            fh["ns_per_eval"] = (h["cpu"] - b["cpu"]) * 1e9 / evals
            fh["ns_per_eval_whole_run"] = h["cpu"] * 1e9 / evals
        ref = cpp or lua
        if ref:
            mism = {k: (hrep["flows"][k]["entered"], v) for k, v in ref["entered"].items()
                    if hrep["flows"].get(k, {}).get("entered") != v}
            fh["entered_matches_baseline"] = not mism
            if mism:
                fh["entered_mismatch"] = mism
        e["filters"] = fh
        per_engine[eng] = e
    res["engines_results"] = per_engine

    log("ingestion: the schema alone against simdjson's DOM parse")
    res["ingestion"] = ingestion(flowc, base, real, data, repeat)

    # -- flowc check / build of a 10,000-line program -------------------------
    big = os.path.join(data, "big.flow")
    with open(big, "w") as f:
        sh([sys.executable, os.path.join(BENCH, "big_program.py"), "--lines", "10000"], stdout=f,
           stderr=subprocess.DEVNULL)
    big_lines = count_lines(big)
    chk = [timed([flowc, "check", big]) for _ in range(5)]
    if any(c["rc"] != 0 for c in chk):
        raise SystemExit("bench: the big program does not check:\n" + chk[0]["stderr"][-2000:])
    bld = [timed([flowc, "build", big, "-o", os.path.join(data, "big.fmod")]) for _ in range(5)]
    res["check"] = {"lines": big_lines, "check_ms": best(chk, "wall") * 1000, "build_ms": best(bld, "wall") * 1000,
                    "check_ms_per_1000_lines": best(chk, "wall") * 1e6 / big_lines,
                    "build_ms_per_1000_lines": best(bld, "wall") * 1e6 / big_lines,
                    "check_peak_rss": max(c["rss"] for c in chk)}
    if jit_ok:
        tiny = os.path.join(data, "jit_probe.ndjson")
        # Every unit up front (FLOWC_JIT_LAZY=0), then lazily over the probe's
        # few records (the program's units mostly never run).
        j = flowc_run(flowc, big, tiny, "jit", drain=False, repeat=1, env={"FLOWC_JIT_LAZY": "0"})
        res["check"]["jit_compile_ms_big"] = j["jit_ms"]
        res["check"]["jit_chunks_big"] = j["jit_chunks"]
        j = flowc_run(flowc, big, tiny, "jit", drain=False, repeat=1)
        res["check"]["jit_compile_ms_big_lazy"] = j["jit_ms"]
        res["check"]["jit_units_big_lazy"] = j["jit_units"]

    out = os.path.join(results_dir, f"results-{mode}.json")
    with open(out, "w") as f:
        json.dump(res, f, indent=2)
    print_table(res)
    log(f"results: {out}")


def fmt(x, unit="", prec=0):
    if x is None:
        return "n/a"
    if unit == "MiB":
        return f"{x / 2 ** 20:,.1f} MiB"
    return f"{x:,.{prec}f}{(' ' + unit) if unit else ''}"


def print_table(res):
    E = res["engines_results"]

    def col(eng, path, unit="", prec=0):
        if eng not in E:
            return "n/a"
        v = E[eng]
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        return fmt(v, unit, prec)

    lua = res.get("luajit")
    cpp = res.get("cpp")

    def base(b, key):
        if not b:
            return "n/a"
        return fmt(b["ns_per_eval"] if key == "marginal" else b["full_s"] * 1e9 / b["evaluations"], "", 1)

    rows = [
        ("events/s end to end (acme.flow, wall)", lambda e: col(e, ["e2e", "events_per_s"]), "n/a"),
        ("events/s per CPU-second", lambda e: col(e, ["e2e", "events_per_cpu_s"]), "n/a"),
        ("wall time end to end", lambda e: col(e, ["e2e", "wall_s"], "s", 2), "n/a"),
        ("peak RSS, N profiles (acme)", lambda e: col(e, ["memory", "peak_rss_N"], "MiB"), "n/a"),
        ("bytes/profile (peak / N)", lambda e: col(e, ["memory", "bytes_per_profile_peak_over_N"]), "n/a"),
        ("bytes/profile (slope N->2N)", lambda e: col(e, ["memory", "bytes_per_profile_slope"]), "n/a"),
        ("waiting runs pending at the end", lambda e: col(e, ["waiting", "pending"]), "n/a"),
        ("bytes per waiting profile (slope)", lambda e: col(e, ["waiting", "bytes_per_waiting_profile"]), "n/a"),
        ("  of which the waiting run", lambda e: col(e, ["waiting", "bytes_per_waiting_run"]), "n/a"),
        ("bytes per waiting profile (peak / N)", lambda e: col(e, ["waiting", "bytes_per_waiting_profile_peak_over_N"]), "n/a"),
        ("ns per filter evaluation (marginal)", lambda e: col(e, ["filters", "ns_per_eval"], "", 1),
         base(lua, "marginal"), base(cpp, "marginal")),
        ("ns per evaluation, whole run", lambda e: col(e, ["filters", "ns_per_eval_whole_run"], "", 1),
         base(lua, "whole"), base(cpp, "whole")),
        ("JIT compile during the run (lazy), acme.flow (ms)", lambda e: col(e, ["e2e", "jit_ms"], "", 1), "n/a"),
        ("JIT compile during the run (lazy), filter_heavy.flow (ms)", lambda e: col(e, ["filters", "jit_ms"], "", 1), "n/a"),
    ]
    print(f"\nflowc benchmarks ({res['mode']}: {res['profiles']:,} profiles, {res['events']:,} events, "
          f"{res['days']} days, seed {res['seed']}; commit {res.get('commit', '?')})\n")
    print("| measure | flowc-vm | flowc-jit | LuaJIT | C++ |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        name, f, l = row[0], row[1], row[2]
        c = row[3] if len(row) > 3 else "n/a"
        print(f"| {name} | {f('vm')} | {f('jit')} | {l} | {c} |")
    c = res["check"]
    print(f"\n`flowc check` of a {c['lines']:,}-line program: {c['check_ms']:.0f} ms "
          f"({c['check_ms_per_1000_lines']:.1f} ms per 1,000 lines); `flowc build`: {c['build_ms']:.0f} ms; "
          f"JIT compile of it: {fmt(c.get('jit_compile_ms_big'), 'ms', 0)} for every unit up front, "
          f"{fmt(c.get('jit_compile_ms_big_lazy'), 'ms', 0)} lazily over a few records "
          f"({c.get('jit_units_big_lazy') or '?'} units used)")
    chk = res.get("evaluation_count_check")
    if chk:
        counts = {chk['callgrind_flowc'], chk['luajit'], chk['cpp']} - {None}
        verdict = "equal" if len(counts) == 1 else "NOT EQUAL: the ns rows are not comparable"
        print(f"evaluation count check (1,000 profiles / 10,000 events sample): flowc (callgrind) "
              f"{chk['callgrind_flowc']}, baseline.lua {chk['luajit']}, baseline.cpp {chk['cpp']}: {verdict}")
    print(f"evaluations in the filter workload: {fmt((cpp or lua or {}).get('evaluations'))}")
    ing = res.get("ingestion")
    if ing:
        print(f"ingestion (schema alone, --out /dev/null, CPU): flowc {fmt(ing['flowc_cpu_s'], 's', 2)} "
              f"({fmt(ing['flowc_empty_cpu_s'], 's', 2)} of it loading the program); simdjson DOM a line at a "
              f"time {fmt(ing.get('simdjson_dom_cpu_s'), 's', 2)}; ratio {fmt(ing.get('ratio'), '', 2)}, "
              f"{fmt(ing.get('ratio_net'), '', 2)} without loading the program")
    for eng in E:
        fh = E[eng]["filters"]
        if "entered_matches_baseline" in fh:
            print(f"[{eng}] flow entries equal to the baselines': {fh['entered_matches_baseline']}")
        if E[eng]["e2e"]["input_errors"]:
            print(f"[{eng}] WARNING: {E[eng]['e2e']['input_errors']} input errors in the realistic workload")


if __name__ == "__main__":
    main()
