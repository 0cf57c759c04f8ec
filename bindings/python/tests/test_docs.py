"""The documentation cannot rot: the README's Python example prints what the
README says it prints, and the docstrings' examples run."""

import contextlib
import doctest
import io
import os
import pydoc
import re

import mineralctl
import mineralctl._policy
from conftest import TOP_SRCDIR


def readme_python_section():
    with open(os.path.join(TOP_SRCDIR, "README.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.index("\n## Python\n")
    section = text[start:text.index("\n## ", start + 1)]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    output = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    return code, output


def test_readme_example_prints_what_it_says(monkeypatch):
    code, output = readme_python_section()
    monkeypatch.chdir(TOP_SRCDIR)   # it names tests/data/lint/five-mistakes.yaml
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(code, "README.md", "exec"), {})
    assert buf.getvalue() == output


def test_docstring_examples():
    result = doctest.testmod(mineralctl._policy, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0


def test_help_documents_the_api():
    text = pydoc.render_doc(mineralctl.Policy, renderer=pydoc.plaintext)
    for word in ("classify(self, *, id", "classify_record", "screen", "PolicyError",
                 "RecordError", "releases the GIL", "from_"):
        assert word in text, word
    text = pydoc.render_doc(mineralctl.Result, renderer=pydoc.plaintext)
    for word in ("verdict", "evidence", "to_json", "byte"):
        assert word in text, word
    assert "byte_start" in pydoc.render_doc(mineralctl.Evidence, renderer=pydoc.plaintext)
    assert mineralctl.__doc__ and "import mineralctl" in mineralctl.__doc__
