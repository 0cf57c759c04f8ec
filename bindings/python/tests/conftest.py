"""Shared fixtures of the Python binding's tests (run by tests/pytest.sh)."""

import json
import os
import subprocess

import pytest

import mineralctl

TOP_SRCDIR = os.environ.get("top_srcdir") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TOP_BUILDDIR = os.environ.get("top_builddir", TOP_SRCDIR)
SHIPPED = os.path.join(TOP_SRCDIR, "policies", "cn")
MINIMAL = os.path.join(TOP_SRCDIR, "tests", "data", "valid", "minimal")
SANITIZED = bool(os.environ.get("MINERALCTL_SANITIZERS"))


@pytest.fixture(scope="session")
def policy():
    """The shipped bundle, loaded once for the session."""
    return mineralctl.Policy(SHIPPED)


@pytest.fixture(scope="session")
def cli():
    """Runs the built CLI: cli(args..., input=...) -> CompletedProcess."""
    exe = os.environ.get("MINERALCTL_CLI") or os.path.join(TOP_BUILDDIR, "tools", "mineralctl", "mineralctl")
    if not os.access(exe, os.X_OK):
        pytest.skip("the CLI is not built at %s" % exe)

    def run(*args, input=None):
        return subprocess.run([exe, *args], input=input, capture_output=True, check=False)
    return run


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pytest_terminal_summary(terminalreporter):
    """The plain closing line make check's tally and CI read."""
    stats = terminalreporter.stats
    n = {k: len([r for r in stats.get(k, []) if getattr(r, "when", "call") in ("call", "setup")])
         for k in ("passed", "failed", "error", "skipped")}
    line = "%d passed, %d failed" % (n["passed"], n["failed"] + n["error"])
    if n["skipped"]:
        line += ", %d skipped" % n["skipped"]
    terminalreporter.write_line(line)
