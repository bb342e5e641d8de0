#!/usr/bin/env python3
"""Add simulated customer engagement (opens, clicks, bounces) to the example month.

    python3 examples/simulate_engagement.py --flowc build/tools/flowc/flowc \\
        --base examples/acme-month-base.ndjson > examples/acme-month.ndjson

Engagement records (RUNTIME.md section 2) name the send they answer by its
`send_id`, which only a run of the program knows. So this script runs flowc
over the base month, invents engagement for the sends it made, merges it into
the stream in time order, and runs again: engagement changes what the program
does (the example's "Engaged" segment and Win-back flow count opens and
clicks; a bounce suppresses email), so some sends of the first run no longer
happen. It repeats, keeping only engagement for sends the latest run made,
until every engagement names a real send (two or three rounds), and prints
that stream.

What a customer does with a message is drawn from a generator seeded by its
send id, so the output is the same on every run and for either engine:

- email: 3 % bounce; otherwise 45 % open within 1-30 hours (a tenth of them
  Apple Mail privacy opens), and a quarter of openers click 5-90 minutes
  later (one click in twenty by a link scanner: `bot`);
- SMS: 12 % click within 1-120 minutes;
- push: 20 % open within 1-60 minutes;
- WhatsApp: nothing (no engagement records for it in RUNTIME.md).

Engagement after the end of the month is dropped. Python 3 standard library
only; flowc does the rest.
"""

import argparse
import datetime as dt
import hashlib
import json
import random
import subprocess
import sys
import tempfile

END = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def parse_time(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def fmt_time(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def engagement_for(send):
    """The engagement records one send gets: a list of (time, record)."""
    rng = random.Random(int(hashlib.sha256(send["send_id"].encode()).hexdigest()[:16], 16))
    at = parse_time(send["time"])
    out = []

    def record(t, kind, bot=False, privacy=False):
        if t < END:
            out.append((t, {"type": "engagement", "time": fmt_time(t), "send_id": send["send_id"],
                            "kind": kind, "bot": bot, "privacy": privacy}))

    channel = send.get("channel")
    if channel == "email":
        if rng.random() < 0.03:
            record(at + dt.timedelta(minutes=rng.randint(1, 10)), "bounce")
        elif rng.random() < 0.45:
            opened = at + dt.timedelta(minutes=rng.randint(60, 30 * 60))
            record(opened, "open", privacy=rng.random() < 0.10)
            if rng.random() < 0.25:
                record(opened + dt.timedelta(minutes=rng.randint(5, 90)), "click", bot=rng.random() < 0.05)
    elif channel == "sms":
        if rng.random() < 0.12:
            record(at + dt.timedelta(minutes=rng.randint(1, 120)), "click")
    elif channel == "push":
        if rng.random() < 0.20:
            record(at + dt.timedelta(minutes=rng.randint(1, 60)), "open")
    return out


def run_flowc(flowc, program, events_path):
    """The send records of a run (only `send`s with a send id)."""
    proc = subprocess.run([flowc, "run", program, "--events", events_path, "--drain", "-q"],
                          check=True, capture_output=True, text=True)
    sends = []
    for line in proc.stdout.splitlines():
        r = json.loads(line)
        if r.get("type") == "send" and r.get("send_id") and r.get("source") != "account":
            sends.append(r)
    return sends


def merge(base_lines, engagement):
    """Base lines (kept as they are, bad ones included) and engagement in time order, stable."""
    keyed = []
    last = None
    for i, line in enumerate(base_lines):
        try:
            t = parse_time(json.loads(line)["time"])
            last = t
        except (ValueError, KeyError, TypeError, AttributeError):
            t = last  # a deliberately bad line stays where it was
        keyed.append((t, 0, i, line))
    for j, (t, rec) in enumerate(engagement):
        keyed.append((t, 1, j, json.dumps(rec, separators=(",", ":"))))
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    return [k[3] for k in keyed]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flowc", required=True)
    ap.add_argument("--program", default="examples/acme.flow")
    ap.add_argument("--base", default="examples/acme-month-base.ndjson")
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    with open(args.base) as f:
        base_lines = [l.rstrip("\n") for l in f if l.strip()]

    engagement = []
    with tempfile.NamedTemporaryFile("w", suffix=".ndjson") as stream:
        for round_number in range(1, args.rounds + 1):
            stream.seek(0)
            stream.truncate()
            stream.write("\n".join(merge(base_lines, engagement)) + "\n")
            stream.flush()
            sends = run_flowc(args.flowc, args.program, stream.name)
            known = {s["send_id"] for s in sends}
            stale = sum(1 for _, r in engagement if r["send_id"] not in known)
            fresh = []
            for s in sends:
                fresh.extend(engagement_for(s))
            fresh.sort(key=lambda e: (e[0], e[1]["send_id"], e[1]["kind"]))
            print(f"simulate_engagement: round {round_number}: {len(sends)} sends, "
                  f"{len(engagement)} engagement records ({stale} for sends that did not happen)",
                  file=sys.stderr)
            if stale == 0 and fresh == engagement:
                break
            engagement = fresh
        else:
            raise SystemExit("simulate_engagement: no fixed point; raise --rounds")
    sys.stdout.write("\n".join(merge(base_lines, engagement)) + "\n")
    kinds = {}
    for _, r in engagement:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    print(f"simulate_engagement: {len(engagement)} engagement records {kinds}", file=sys.stderr)


if __name__ == "__main__":
    main()
