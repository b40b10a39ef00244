#!/bin/sh
# The first code cell of every notebook runs this, as
#
#   !*"$GONB_DIR/use-this-checkout.sh"
#
# in GoNB's scratch module (the current directory), which GoNB makes afresh
# for every kernel. It joins that module and this checkout in a Go workspace,
# so that github.com/gosnn/gosnn/... in a cell means the code beside the
# notebook, never a published copy, and pins GoNB's gonbui package to the
# version of the running kernel. Running it again is harmless.
set -e
# (readlink -f: the browser test runs copies of the notebooks beside a
# symbolic link to this script.)
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
[ -f "$root/go.mod" ] || { echo "use-this-checkout.sh: $root has no go.mod: is this notebook still in its checkout's notebooks/ directory?" >&2; exit 1; }
# A cell run before this one may have required the stand-in module that
# tells the user to run this cell (see internal/firstcell): forget it.
go mod edit -droprequire github.com/gosnn/gosnn
rm -f go.work
go work init . "$root"
if ! go get "github.com/janpfeifer/gonb@${GONB_VERSION:-v0.11.1}" >go-get.log 2>&1; then
	cat go-get.log >&2
	exit 1
fi
echo "ready: this kernel builds github.com/gosnn/gosnn from the checkout beside the notebook"
