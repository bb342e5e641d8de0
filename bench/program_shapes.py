#!/usr/bin/env python3
"""Write a valid flowc program of a given size and shape, for the scaling benchmark.

    python3 bench/program_shapes.py --shape units --bytes 6000000 > units-6M.flow
    flowc check units-6M.flow        # must report no errors

Shapes (each a program that checks without errors, so the whole pipeline runs):

  units         the realistic shape of bench/big_program.py: many segments,
                lists, email and SMS messages and flows that use them
  one_flow      one flow with a very long list of steps (waits, sends, `if`,
                `set`), the messages it sends declared once
  long_lines    the `units` program written without line breaks: one line
  big_template  one email whose body is one huge template (text and `{{ }}`
                holes), sent from one flow
  many_decls    very many small declarations (lists and one-line segments)

Deterministic: the same shape and size give the same text. The size is
approximate (the program stops at the first whole unit past --bytes).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import big_program  # noqa: E402  (the header and the realistic unit)


def grow(header, unit, target):
    """header + unit(0) + unit(1) + ... until target bytes; returns (text, units)."""
    out = [header]
    size = len(header.encode())
    k = 0
    while size < target:
        u = unit(k)
        out.append(u)
        size += len(u.encode())
        k += 1
    return "".join(out), k


def units(target):
    return grow(big_program.HEADER, big_program.unit, target)


def one_line(text):
    """The same program on one line: comments dropped, the triple-quoted
    bodies turned into one-line strings (newlines are insignificant)."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        out.append(stripped)
    joined = " ".join(out)
    # `body """ <p>...</p> """` -> `body " <p>...</p> "` (the bodies hold no `"` of their own
    # outside template holes, whose quotes are escaped here).
    parts = joined.split('"""')
    for i in range(1, len(parts), 2):
        parts[i] = parts[i].replace("\\", "\\\\").replace('"', '\\"')
    return '"'.join(parts)


def long_lines(target):
    text, k = units(target)
    return one_line(text), k


ONE_FLOW_MESSAGES = '''
email offer {
  subject "An offer for {{ profile.first_name | default: \\"friend\\" }}"
  body """<p>Hi {{ profile.first_name | default: "there" }}</p>
<p><a href="{{ unsubscribe_link }}">Unsubscribe</a></p>"""
}

sms nudge {
  body "Big Bench: {{ profile.first_name | default: \\"friend\\" }}, an offer. Reply STOP to opt out."
}

flow "The Long One" {
  trigger metric "Placed Order" where event.value > 10
  status live
'''


def one_flow_step(k):
    return f'''
  wait {1 + k % 23}h
  send email offer as offer_{k}
  if count("Placed Order") > {k % 7} {{
    set profile.score = profile.score + {k % 10 + 1}
  }} else {{
    send sms nudge as nudge_{k}
  }}
'''


def one_flow(target):
    text, k = grow(big_program.HEADER + ONE_FLOW_MESSAGES, one_flow_step, target - 2)
    return text + "}\n", k


BIG_TEMPLATE_HEAD = '''
email huge {
  subject "A long letter for {{ profile.first_name | default: \\"friend\\" }}"
  body """
<p><a href="{{ unsubscribe_link }}">Unsubscribe</a></p>
'''

BIG_TEMPLATE_TAIL = '''"""
}

flow "Letter" {
  trigger metric "Placed Order"
  status live
  send email huge
}
'''


def big_template_paragraph(k):
    return (f'<p>Paragraph {k}: dear {{{{ profile.first_name | default: "reader" }}}}, your order of '
            f'{{{{ event.value | money }}}} ({{{{ event.order_id }}}}) is number {k}.</p>\n')


def big_template(target):
    text, k = grow(big_program.HEADER + BIG_TEMPLATE_HEAD, big_template_paragraph,
                   target - len(BIG_TEMPLATE_TAIL))
    return text + BIG_TEMPLATE_TAIL, k


def many_decls_unit(k):
    return f'list "List {k}"\nsegment "Segment {k}" = profile.score > {k % 100} or profile in list "List {k}"\n'


def many_decls(target):
    return grow(big_program.HEADER, many_decls_unit, target)


SHAPES = {
    "units": units,
    "one_flow": one_flow,
    "long_lines": long_lines,
    "big_template": big_template,
    "many_decls": many_decls,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shape", choices=sorted(SHAPES), default="units")
    ap.add_argument("--bytes", type=int, default=1_000_000, help="approximate size in bytes")
    args = ap.parse_args()
    text, k = SHAPES[args.shape](args.bytes)
    sys.stdout.write(text)
    print(f"program_shapes.py: {args.shape}, {len(text.encode())} bytes, {k} units", file=sys.stderr)


if __name__ == "__main__":
    main()
