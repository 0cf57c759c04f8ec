"""Loading policies: the shipped bundle, paths, and load errors with positions."""

import inspect
import os
import pathlib
import pickle
import shutil

import pytest

import mineralctl
from conftest import MINIMAL, TOP_SRCDIR

FIVE = os.path.join(TOP_SRCDIR, "tests", "data", "lint", "five-mistakes.yaml")
EDGE = os.path.join(TOP_SRCDIR, "tests", "data", "valid", "edge-cases.yaml")


def test_shipped_bundle(policy):
    assert policy.bundle == "cn-strategic-minerals"
    assert policy.jurisdiction == "CN"
    assert policy.digest.startswith("sha256:") and len(policy.digest) == 7 + 64
    assert policy.sealed
    assert len(policy) == len(policy.item_ids) > 100
    assert "cn.2023-23.ga-1" in policy.item_ids
    assert repr(policy).startswith("<Policy cn-strategic-minerals ")


def test_default_path_is_the_environment(monkeypatch):
    monkeypatch.setenv("MINERALCTL_POLICY", MINIMAL)
    assert mineralctl.default_policy_path() == MINIMAL
    assert mineralctl.Policy().bundle == "test-minimal"


def test_default_path_without_environment(monkeypatch):
    # In the build tree the package's _config.py names the source tree's
    # bundle; installed, the installed one. Either way the shipped bundle.
    monkeypatch.delenv("MINERALCTL_POLICY", raising=False)
    path = mineralctl.default_policy_path()
    assert os.path.isfile(os.path.join(path, "bundle.yaml"))
    assert mineralctl.Policy().bundle == "cn-strategic-minerals"


def test_path_like_and_one_file_policy():
    p = mineralctl.Policy(pathlib.Path(EDGE))
    assert (p.bundle, p.version, len(p)) == ("test-edge-cases", "1", 2)
    assert not p.sealed
    assert p.path == EDGE
    assert mineralctl.Policy(os.fsencode(MINIMAL)).bundle == "test-minimal"


def test_missing_path():
    with pytest.raises(mineralctl.PolicyError) as ei:
        mineralctl.Policy("/nonexistent/policy")
    e = ei.value
    assert e.code == -3  # MCTL_EIO
    assert e.file == "/nonexistent/policy"
    assert "cannot open" in e.message
    assert isinstance(e, mineralctl.Error) and not isinstance(e, ValueError)


def test_every_problem_with_its_position():
    # Worked out by hand from the file (1-based columns, in characters):
    # line 9 "    effective: 2025-02-30"   value at column 16
    # line 13 "    cas: [7440-55-4]"       the CAS number at column 11
    # line 19 "    when: {all: [galium]}"  'galium' at column 18
    # line 21 "      - action: licence_required"  column 17
    # line 22 "        destinations: [UK]"        'UK' at column 24
    with pytest.raises(mineralctl.PolicyError) as ei:
        mineralctl.Policy(FIVE)
    e = ei.value
    assert e.code == -5  # MCTL_EPOLICY
    assert [(d.line, d.column) for d in e.errors] == [(9, 16), (13, 11), (19, 18), (21, 17), (22, 24)]
    assert [d.path for d in e.errors] == [
        "announcements.t.a.effective", "concepts.gallium.cas[0]", "items[0].when.all[0]",
        "items[0].controls[0].action", "items[0].controls[0].destinations[0]"]
    assert all(d.file == FIVE for d in e.errors)
    # The first diagnostic is also on the exception itself.
    assert (e.file, e.line, e.column, e.path) == (FIVE, 9, 16, "announcements.t.a.effective")
    assert "did you mean 'gallium'?" in e.errors[2].message
    assert "did you mean 'GB'?" in e.errors[4].message
    # str() is the lint format, one problem per line.
    lines = str(e).splitlines()
    assert len(lines) == 5
    assert lines[0] == ("%s:9:16: error: bad date '2025-02-30': expected YYYY-MM-DD, a real "
                        "calendar day (in announcements.t.a.effective)" % FIVE)


def test_same_diagnostics_as_lint(cli):
    with pytest.raises(mineralctl.PolicyError) as ei:
        mineralctl.Policy(FIVE)
    proc = cli("lint", FIVE)
    out = (proc.stdout + proc.stderr).decode()
    assert proc.returncode == 1
    assert [str(d) for d in ei.value.errors] == [l for l in out.splitlines() if ": error: " in l]


def test_syntax_error_position():
    path = os.path.join(TOP_SRCDIR, "tests", "data", "invalid", "syntax-tab.yaml")
    with pytest.raises(mineralctl.PolicyError) as ei:
        mineralctl.Policy(path)
    assert ei.value.code == -4  # MCTL_ESYNTAX
    assert (ei.value.line, ei.value.column) == (12, 1)


def test_column_counts_characters_not_bytes(tmp_path):
    # Counted by hand: "  - {id: t.ga, title: {zh-Hans: 金属镓}, announcement: t.a,
    # when: {all: [" is 70 characters (76 bytes: each Chinese one is 3), so
    # 'galium' starts at column 71.
    line = "  - {id: t.ga, title: {zh-Hans: 金属镓}, announcement: t.a, when: {all: [galium]}, controls: [{action: license_required}]}"
    assert line.index("galium") == 70 and line.encode().index(b"galium") == 76
    f = tmp_path / "one.yaml"
    f.write_text("bundle: t\nversion: \"1\"\njurisdiction: CN\n"
                 "announcements: {t.a: {title: A}}\n"
                 "concepts: {gallium: {names: {en: [gallium]}}}\n"
                 "items:\n" + line + "\n", encoding="utf-8")
    with pytest.raises(mineralctl.PolicyError) as ei:
        mineralctl.Policy(f)
    assert (ei.value.line, ei.value.column) == (7, 71)
    assert ei.value.path == "items[0].when.all[0]"


def test_errors_pickle_intact():
    with pytest.raises(mineralctl.PolicyError) as ei:
        mineralctl.Policy(FIVE)
    e = pickle.loads(pickle.dumps(ei.value))
    assert type(e) is mineralctl.PolicyError
    assert (e.code, e.file, e.line, e.column, e.path) == (-5, FIVE, 9, 16, "announcements.t.a.effective")
    assert e.errors == ei.value.errors and str(e) == str(ei.value)


def test_policy_pickles_as_path_and_digest(tmp_path):
    src = tmp_path / "bundle"
    shutil.copytree(MINIMAL, src)
    p = mineralctl.Policy(src)
    data = pickle.dumps(p)
    a, b = pickle.loads(data), pickle.loads(data)
    assert a is b                       # one load per process
    assert a.digest == p.digest and a.bundle == "test-minimal"
    # The files change after pickling; a process that has not loaded the
    # policy yet (a fresh worker) refuses to stand in a different one.
    with open(src / "lexicon.yaml", "a", encoding="utf-8") as f:
        f.write("# edited\n")
    mineralctl._policy._cache.clear()
    with pytest.raises(mineralctl.PolicyError, match="changed since it was pickled"):
        pickle.loads(data)


def test_help_is_useful():
    doc = inspect.getdoc(mineralctl.Policy)
    assert "PolicyError" in doc and "thread" in doc
    sig = inspect.signature(mineralctl.Policy.classify)
    assert list(sig.parameters)[1:5] == ["id", "description", "description2", "code"]
    assert sig.return_annotation is mineralctl.Result
    assert "RecordError" in inspect.getdoc(mineralctl.Policy.classify)
