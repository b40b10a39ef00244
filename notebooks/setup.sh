#!/usr/bin/env bash
# One-command setup for the gosnn notebooks.
#
#   notebooks/setup.sh            install what is missing, then start Jupyter on notebooks/
#   notebooks/setup.sh --no-start install only (CI, or to start Jupyter yourself)
#   notebooks/setup.sh --ci       --no-start, no gopls, kernel prints plain-text errors
#   notebooks/setup.sh -- --port=9999   arguments after -- go to `jupyter notebook`
#
# Steps, each skipped when already done (a re-run takes a few seconds):
#  1. Jupyter (notebook, nbconvert, nbclient) from the distribution's packages
#     (apt on Debian/Ubuntu, Homebrew on macOS): PyPI is not needed.
#  2. GoNB v0.11.1, goimports and gopls, built from the pinned tools modules
#     notebooks/tools (gonb, goimports) and notebooks/tools/gopls into
#     notebooks/tools/bin; nothing is installed into your GOPATH/bin.
#  3. The GoNB kernel spec ("gonb"), pointing at that binary, with a PATH that
#     finds go, goimports and gopls however Jupyter is started.
#  4. The Go build cache, warmed by building the packages the notebooks import
#     the way GoNB builds a cell, so the first plotting cell takes seconds, not
#     a minute.
#  5. Jupyter, started on notebooks/ (unless --no-start or --ci).
set -euo pipefail

GONB_VERSION=v0.11.1
GOIMPORTS_MOD="golang.org/x/tools v0.39.0"
GOPLS_MOD="golang.org/x/tools/gopls v0.20.0"
GO_MIN=1.26

start=1 gopls=1 raw_error=0
jupyter_args=()
while [ $# -gt 0 ]; do
	case "$1" in
	--no-start) start=0 ;;
	--no-gopls) gopls=0 ;;
	--ci) start=0 gopls=0 raw_error=1 ;;
	--raw-error) raw_error=1 ;;
	-h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; jupyter_args=("$@"); break ;;
	*) echo "setup.sh: unknown option $1 (allowed: --no-start, --ci, --no-gopls, --raw-error, --help, -- JUPYTER_ARGS)" >&2; exit 2 ;;
	esac
	shift
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
bin="$here/tools/bin"
t0=$SECONDS
step() { printf '\n== %s (at %d s)\n' "$*" $((SECONDS - t0)); }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }
sudo_cmd() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Go -------------------------------------------------------------------
command -v go >/dev/null || die "go not found: install Go $GO_MIN or newer (https://go.dev/dl/) and put it on PATH"
gov="$(go env GOVERSION)"; gov="${gov#go}"
if [ "$(printf '%s\n%s\n' "$GO_MIN" "$gov" | sort -V | head -n1)" != "$GO_MIN" ]; then
	die "Go $gov is too old: the library needs Go $GO_MIN or newer (https://go.dev/dl/)"
fi
gobindir="$(dirname "$(command -v go)")"

# --- 1. Jupyter -------------------------------------------------------------
step "Jupyter"
# CI only executes notebooks: nbconvert without the notebook server.
apt_pkgs="jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient"
[ "$start" = 0 ] && [ "$gopls" = 0 ] && apt_pkgs="jupyter-nbconvert jupyter-client python3-nbclient"
have_jupyter() {
	# Look for the commands (cheap) rather than importing Python modules: the
	# python3 first on PATH (pyenv, Homebrew) need not be Jupyter's.
	command -v jupyter >/dev/null && command -v jupyter-nbconvert >/dev/null || return 1
	case "$apt_pkgs" in
	jupyter-notebook*) command -v jupyter-notebook >/dev/null || command -v jupyter-lab >/dev/null ;;
	esac
}
if have_jupyter; then
	echo "already installed: $(command -v jupyter)"
	jupyter_ok=1
elif command -v apt-get >/dev/null; then
	echo "installing from apt: $apt_pkgs"
	sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $apt_pkgs >/dev/null
elif command -v brew >/dev/null; then
	echo "installing from Homebrew: jupyterlab (provides jupyter notebook, nbconvert, nbclient)"
	brew install jupyterlab
else
	die "Jupyter not found and neither apt-get nor brew is available: install Jupyter Notebook and nbconvert (e.g. python3 -m pip install --user notebook nbconvert), then re-run"
fi
if [ -z "${jupyter_ok:-}" ]; then
	if ! have_jupyter || ! jupyter nbconvert --version >/dev/null 2>&1; then
		die "Jupyter was installed but 'jupyter nbconvert' or 'jupyter notebook' still does not run"
	fi
fi

# --- 2. GoNB, goimports, gopls ----------------------------------------------
step "GoNB $GONB_VERSION, goimports, gopls -> ${bin#$root/}"
# has BINARY "MODULE VERSION": the binary exists and was built from that module version.
has() { [ -x "$bin/$1" ] && go version -m "$bin/$1" 2>/dev/null | awk '$1=="mod"||$1=="dep"{print $2" "$3}' | grep -x "$2" >/dev/null; }
mkdir -p "$bin"
if has gonb "github.com/janpfeifer/gonb $GONB_VERSION" && has goimports "$GOIMPORTS_MOD"; then
	echo "gonb and goimports up to date"
else
	echo "building gonb and goimports (about a minute the first time)"
	GOBIN="$bin" go -C "$here/tools" install tool
fi
if [ "$gopls" = 1 ]; then
	if has gopls "$GOPLS_MOD"; then
		echo "gopls up to date"
	else
		echo "building gopls (about two minutes the first time; it gives the notebooks autocompletion and docs)"
		GOBIN="$bin" go -C "$here/tools/gopls" install tool
	fi
fi

# --- 3. Kernel spec ----------------------------------------------------------
step "GoNB kernel"
install_args=(--install --logtostderr)
[ "$raw_error" = 1 ] && install_args+=(--raw_error)
[ "$gopls" = 1 ] || install_args+=(--force_deps)
PATH="$bin:$gobindir:$PATH" "$bin/gonb" "${install_args[@]}" 2>&1 | grep -v '^[[:space:]]*$' | sed 's/^/  /' | tail -n 3 || true
kernel_json="$(jupyter --data-dir)/kernels/gonb/kernel.json"
[ -f "$kernel_json" ] || die "gonb --install did not write $kernel_json"
# The kernel runs go, goimports and gopls: give it a PATH that has them
# whatever PATH Jupyter is started with (${PATH} is expanded by Jupyter).
python3 - "$kernel_json" "$bin:$gobindir" <<'EOF'
import json, os, sys
path, prefix = sys.argv[1], sys.argv[2]
with open(path) as f:
    spec = json.load(f)
spec.setdefault("env", {})["PATH"] = prefix + ":${PATH}"
tmp = path + ".tmp"
with open(tmp, "w") as f:
    json.dump(spec, f, indent=1)
os.replace(tmp, path)
EOF
echo "  kernel spec: $kernel_json"

# --- 4. Warm the build cache ---------------------------------------------------
step "Go build cache"
# Build the packages the notebooks import in a module laid out like the one
# GoNB builds each cell in: a scratch module plus a go.work that uses this
# checkout. Compiled packages land in the shared build cache.
imports=()
for p in snn plots; do
	[ -d "$root/$p" ] && imports+=("github.com/gosnn/gosnn/$p")
done
imports+=("github.com/janpfeifer/gonb/gonbui")
warm="$(mktemp -d "${TMPDIR:-/tmp}/gosnn-warm.XXXXXX")"
trap 'rm -rf "$warm"' EXIT
(
	cd "$warm"
	export GOWORK=off
	go mod init gonb_warm >/dev/null 2>&1
	go work init . "$root"
	export GOWORK="$warm/go.work"
	go get "github.com/janpfeifer/gonb@$GONB_VERSION" >/dev/null 2>&1 || go get "github.com/janpfeifer/gonb@$GONB_VERSION"
	{
		echo "package main"
		echo "import ("
		for p in "${imports[@]}"; do echo "	_ \"$p\""; done
		echo ")"
		echo "func main() {}"
	} >main.go
	w0=$SECONDS
	go build -o /dev/null . || exit 1
	echo "built ${imports[*]} in $((SECONDS - w0)) s"
) || die "could not build the packages the notebooks use (see the errors above); is this checkout compiling? try: go build ./..."
rm -rf "$warm"
trap - EXIT

echo
echo "setup done in $((SECONDS - t0)) s"

# --- 5. Jupyter ---------------------------------------------------------------
if [ "$start" = 1 ]; then
	step "Starting Jupyter on notebooks/ (Ctrl-C to stop)"
	export PATH="$bin:$gobindir:$PATH"
	root_flag=()
	[ "$(id -u)" = 0 ] && root_flag=(--allow-root)
	cd "$here"
	if jupyter notebook --version >/dev/null 2>&1; then
		exec jupyter notebook ${root_flag[@]+"${root_flag[@]}"} --notebook-dir="$here" ${jupyter_args[@]+"${jupyter_args[@]}"}
	else
		exec jupyter lab ${root_flag[@]+"${root_flag[@]}"} --notebook-dir="$here" ${jupyter_args[@]+"${jupyter_args[@]}"}
	fi
fi
