#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora and generated dictionaries.

Seeds come from the examples and tests of this tree, so nothing is copied
into fuzz/: .flow programs (parse, lsp), event streams (events), modules
built from the run tests' programs (module), .flowtest files (flowtest),
report.json and activity files (report). Hand-written seeds for what the
tree has no file of live in fuzz/seeds/<target>/ and are passed to libFuzzer
beside these. Dictionaries: parse.dict is the grammar's literal tokens,
flowtest.dict the scenario reader's keywords; the others are fuzz/dict/.

usage: make_seeds.py SOURCE_DIR OUT_DIR FLOWC_BINARY
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

MAX_SEED = 64 * 1024  # larger files are cut: big seeds slow every mutation


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data[:MAX_SEED])


def read(path):
    with open(path, "rb") as f:
        return f.read()


def seed_name(src, path):
    return os.path.relpath(path, src).replace("/", "_")


def known(path):
    """Seeds skip the build folders and the stored crash inputs (which the
    [fuzz] test replays): a crash not fixed yet would stop every run. Only
    regular files: tests hold folders named like files (e091_import_folder)."""
    return "/build" not in path and "/fuzz_regressions/" not in path and os.path.isfile(path)


def programs(src):
    return sorted(p for p in glob.glob(f"{src}/examples/**/*.flow", recursive=True) +
                  glob.glob(f"{src}/tests/**/*.flow", recursive=True) if known(p))


def parse_seeds(src, out):
    for path in programs(src):
        write(f"{out}/parse", seed_name(src, path), read(path))


def event_seeds(src, out):
    for path in sorted(glob.glob(f"{src}/tests/**/*.ndjson", recursive=True)):
        if "expected" not in os.path.basename(path):  # expected.ndjson is activity output
            write(f"{out}/events", seed_name(src, path), read(path))
    # Slices of the month of acme events, which match the events target's program.
    lines = read(f"{src}/examples/acme-month.ndjson").splitlines(keepends=True)
    for start in range(0, len(lines), max(1, len(lines) // 8)):
        write(f"{out}/events", f"acme-month-{start}.ndjson", b"".join(lines[start:start + 40]))


def module_seeds(src, out, flowc):
    """Payloads (the module file minus its 24-byte header) of built programs."""
    with tempfile.TemporaryDirectory() as tmp:
        sources = [f"{src}/examples/acme.flow"] + sorted(glob.glob(f"{src}/tests/run/*/program.flow"))
        for path in sources:
            module = os.path.join(tmp, "m.fmod")
            done = subprocess.run([flowc, "build", path, "-o", module], capture_output=True)
            if done.returncode == 0:
                write(f"{out}/module", seed_name(src, path) + ".payload", read(module)[24:])


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def lsp_session(text):
    uri = "file:///flowc-fuzz/main.flow"
    doc = {"textDocument": {"uri": uri}}
    at = dict(doc, position={"line": 2, "character": 8})
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": "file:///flowc-fuzz"}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "flow", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": at},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": at},
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/definition", "params": at},
        {"jsonrpc": "2.0", "id": 5, "method": "textDocument/references",
         "params": dict(at, context={"includeDeclaration": True})},
        {"jsonrpc": "2.0", "id": 6, "method": "textDocument/documentSymbol", "params": doc},
        {"jsonrpc": "2.0", "id": 7, "method": "textDocument/formatting",
         "params": dict(doc, options={"tabSize": 2, "insertSpaces": True})},
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 2},
                    "contentChanges": [{"range": {"start": {"line": 0, "character": 0},
                                                  "end": {"line": 0, "character": 0}}, "text": "# x\n"}]}},
        {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": doc},
        {"jsonrpc": "2.0", "id": 8, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    return b"".join(frame(m) for m in messages)


def lsp_seeds(src, out):
    paths = sorted(glob.glob(f"{src}/tests/lsp/*.flow")) + [f"{src}/examples/acme/flows.flow"]
    paths += sorted(glob.glob(f"{src}/tests/check/*.flow"))[:16]
    for path in paths:
        write(f"{out}/lsp", seed_name(src, path) + ".lsp", lsp_session(read(path).decode("utf-8", "replace")))


def flowtest_seeds(src, out):
    for path in sorted(glob.glob(f"{src}/**/*.flowtest", recursive=True)):
        if known(path):
            write(f"{out}/flowtest", seed_name(src, path), read(path))


def report_seeds(src, out):
    paths = glob.glob(f"{src}/tests/report/*.json") + glob.glob(f"{src}/tests/report/*.ndjson")
    paths += glob.glob(f"{src}/tests/run/*/expected_report.json")[:40]
    paths += glob.glob(f"{src}/tests/run/*/expected.ndjson")[:20]
    for path in sorted(paths):
        write(f"{out}/report", seed_name(src, path), read(path))


def dictionary(path, words):
    """libFuzzer's format: one quoted word a line, \\ and \" escaped."""
    with open(path, "w") as f:
        for w in sorted(set(words)):
            if w and w.isascii() and w.isprintable() and len(w) <= 32:
                f.write('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"\n')


def dictionaries(src, out):
    grammar = open(f"{src}/grammar/Flow.g4").read()
    dictionary(f"{out}/parse.dict", [w for w in re.findall(r"'([^'\\\n]+)'", grammar)])
    keywords = set()
    for path in glob.glob(f"{src}/tools/flowc/scenario/*.cpp"):
        keywords.update(re.findall(r'keyword\("([a-z_]+)"\)', open(path).read()))
    dictionary(f"{out}/flowtest.dict", keywords | {"{", "}", "\"", "==", "!=", ">=", "<=", "2026-11-02T09:00:00Z"})


def main():
    src, out, flowc = sys.argv[1:4]
    parse_seeds(src, out)
    event_seeds(src, out)
    module_seeds(src, out, flowc)
    lsp_seeds(src, out)
    flowtest_seeds(src, out)
    report_seeds(src, out)
    dictionaries(src, out)


if __name__ == "__main__":
    main()
