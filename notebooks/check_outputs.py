"""Check executed notebooks: every code cell ran and none failed.

Usage: check_outputs.py NOTEBOOK.ipynb...

A notebook fails the check when a code cell has an "error" output, when a
code cell has no execution count (it never ran), when a stderr stream shows
a program or shell command that failed, or when it holds no image at all
(its charts did not render). Exits 1 listing every problem.

GoNB (v0.11.1) reports a failed build as a cell error, which nbconvert
stops on, but a cell program that panics or exits non-zero, and a `!` shell
command that fails, only as text on stderr ("exit status 2"): the cell's
status stays "ok". Those lines are what the stderr check looks for.
"""

import json
import re
import sys

FAILED_LINE = re.compile(r"^(panic: .*|exit status \d+|signal: .*|fatal error: .*)$", re.M)


def problems(path):
    with open(path) as f:
        nb = json.load(f)
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    if kernel != "gonb":
        yield "kernel is %r, not 'gonb'" % kernel
    images = 0
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        where = "cell %d" % i
        if not "".join(cell.get("source", [])).strip():
            continue
        if cell.get("execution_count") is None:
            yield where + ": not executed"
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "error":
                yield "%s: %s: %s" % (where, out.get("ename", "error"), out.get("evalue", ""))
            elif kind == "stream" and out.get("name") == "stderr":
                m = FAILED_LINE.search("".join(out.get("text", [])))
                if m:
                    yield "%s: stderr: %s" % (where, m.group(0))
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                if any(k.startswith("image/") for k in data):
                    images += 1
                html = "".join(data.get("text/html", []))
                if "gonb-err" in html or "application/vnd.jupyter.stderr" in html:
                    yield where + ": an error report in the output"
    if images == 0:
        yield "no charts (no image outputs)"


def main():
    paths = sys.argv[1:]
    if not paths:
        sys.exit("usage: check_outputs.py NOTEBOOK.ipynb...")
    failed = False
    for path in paths:
        found = list(problems(path))
        for p in found:
            print("%s: %s" % (path, p))
        failed = failed or bool(found)
        if not found:
            print("notebooks: %s: every cell ran, no errors" % path)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
