"""Write a one-module Go proxy (a GOPROXY=file:// directory) that answers
for github.com/gosnn/gosnn with a stub whose packages do not compile, with
an error that says what to do.

setup.sh puts this proxy first in the GoNB kernel's GOPROXY. A notebook
cell run in a fresh kernel before the notebook's first code cell imports
github.com/gosnn/gosnn/... without the workspace that maps it to this
checkout; GoNB then runs `go get`, which would ask the public proxy for a
module that is not published and fail with "403 Forbidden" or "404 Not
Found". With this proxy it finds the stub instead, and the build of the
cell fails with:

    undefined: RunTheFirstCodeCellOfThisNotebookFirst_ItMakesTheKernelUseTheGosnnCheckoutBesideTheNotebook

Once the first cell has run, the workspace provides the real module and
the proxy is never asked again.

    python3 make_proxy.py DIR
"""
import json
import os
import sys
import zipfile

MODULE = "github.com/gosnn/gosnn"
VERSION = "v0.0.0-run.the.first.cell"
PACKAGES = ["notebooks/nb", "snn", "snn/vec", "plots"]
SYMBOL = "RunTheFirstCodeCellOfThisNotebookFirst_ItMakesTheKernelUseTheGosnnCheckoutBesideTheNotebook"


def stub(pkg):
    name = pkg.rsplit("/", 1)[-1]
    return f"""// Package {name} is a stand-in, not the gosnn library: this kernel has not
// yet run the notebook's first code cell, which makes {MODULE}
// mean the checkout beside the notebook. Run that cell, then this one again.
package {name}

var _ = {SYMBOL}
"""


def main(out):
    d = os.path.join(out, MODULE, "@v")
    os.makedirs(d, exist_ok=True)
    gomod = f"module {MODULE}\n\ngo 1.21\n"
    files = {
        "list": VERSION + "\n",
        VERSION + ".info": json.dumps({"Version": VERSION, "Time": "2024-01-01T00:00:00Z"}) + "\n",
        VERSION + ".mod": gomod,
    }
    for name, text in files.items():
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    tmp = os.path.join(d, VERSION + ".zip.tmp")
    with zipfile.ZipFile(tmp, "w") as z:
        prefix = f"{MODULE}@{VERSION}/"
        z.writestr(prefix + "go.mod", gomod)
        for pkg in PACKAGES:
            z.writestr(prefix + pkg + "/stub.go", stub(pkg))
    os.replace(tmp, os.path.join(d, VERSION + ".zip"))


if __name__ == "__main__":
    main(sys.argv[1])
