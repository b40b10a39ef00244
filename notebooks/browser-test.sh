#!/usr/bin/env bash
# Run the notebooks in a real browser, as a student would: start Jupyter
# Notebook (the classic interface), open each notebook in Chromium, run all
# its cells through the page, and fail on any error or stderr output, a
# figure cell without a figure, or a table that renders broken; in the
# notebook with the interactive controls, move a slider and check that the
# figure follows.
#
#   notebooks/browser-test.sh [NOTEBOOK.ipynb...]     (default: all of notebooks/[0-9]*.ipynb)
#
# Needs notebooks/setup.sh (the GoNB kernel), Jupyter Notebook and Chromium:
# on Debian, apt-get install jupyter-notebook chromium. CHROMIUM=/path picks
# another Chromium. The notebooks run on copies in a scratch directory, so
# the committed files are never touched. A notebook with known faults
# (browsertest/testdata/broken.ipynb) runs first, and the test fails unless
# it finds them all.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { printf 'browser-test.sh: %s\n' "$*" >&2; exit 1; }
chromium="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || die "$chromium not found: install Chromium (Debian: apt-get install chromium) or set CHROMIUM"
command -v jupyter-notebook >/dev/null || die "jupyter-notebook not found: install it (Debian: apt-get install jupyter-notebook)"
specs="$(jupyter kernelspec list 2>/dev/null || true)"
case "$specs" in *" gonb "*) ;; *) die "the GoNB kernel is not installed: run notebooks/setup.sh --ci first" ;; esac

nbs=()
for a in "$@"; do
	[ -f "$a" ] || die "$a: no such notebook"
	nbs+=("$(basename "$a")")
done
if [ ${#nbs[@]} -eq 0 ]; then
	for f in "$here"/[0-9]*.ipynb; do nbs+=("$(basename "$f")"); done
fi

# Copies in a scratch directory inside notebooks/, with a link to the
# first cell's script, so that the notebooks find this checkout as usual.
work="$(mktemp -d "$here/.browser-XXXXXX")"
jpid=
cleanup() {
	[ -n "$jpid" ] && { kill "$jpid" 2>/dev/null; wait "$jpid" 2>/dev/null || true; }
	rm -rf "$work"
}
trap cleanup EXIT
for nb in "${nbs[@]}"; do cp "$here/$nb" "$work/"; done
# A notebook with known faults, run first: the test must find them.
cp "$here/browsertest/testdata/broken.ipynb" "$work/00-broken-on-purpose.ipynb"
ln -s ../use-this-checkout.sh "$work/use-this-checkout.sh"

t0=$SECONDS
echo "building the browser driver (chromedp)"
go -C "$here/browsertest" build -o "$work/browsertest" .

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
token="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
root_flag=()
[ "$(id -u)" = 0 ] && root_flag=(--allow-root)
echo "starting Jupyter Notebook on 127.0.0.1:$port"
PATH="$here/tools/bin:$(dirname "$(command -v go)"):$PATH" \
	jupyter notebook --no-browser ${root_flag[@]+"${root_flag[@]}"} --ip=127.0.0.1 --port="$port" \
	--NotebookApp.token="$token" --notebook-dir="$work" >"$work/jupyter.log" 2>&1 &
jpid=$!
python3 - "$port" "$token" <<'PY' || { tail -n 20 "$work/jupyter.log" >&2; die "Jupyter did not start within 60 s"; }
import sys, time, urllib.request
port, token = sys.argv[1], sys.argv[2]
for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
        sys.exit(0)
    except Exception:
        time.sleep(0.5)
sys.exit(1)
PY
echo "running ${#nbs[@]} notebooks in Chromium ($("$chromium" --version 2>/dev/null || echo "$chromium"))"
status=0
"$work/browsertest" -url "http://127.0.0.1:$port" -token "$token" -chromium "$chromium" \
	-broken 00-broken-on-purpose.ipynb "${nbs[@]}" || status=$?
if [ "$status" != 0 ]; then
	echo "the end of Jupyter's log:"
	grep -v -E '^\[I ' "$work/jupyter.log" | tail -n 20 | sed 's/^/  /'
fi
echo "browser test done in $((SECONDS - t0)) s"
exit "$status"
