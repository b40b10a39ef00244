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
# tick LABEL: while a slow step runs, print a line every 20 s, so a silent
# terminal never looks stuck; untick stops it.
ticker=
tick() {
	local label="$1" t1
	t1=$(date +%s)
	( while sleep 20; do printf '  … %s: %d s so far\n' "$label" $(( $(date +%s) - t1 )); done ) &
	ticker=$!
}
untick() {
	if [ -n "$ticker" ]; then
		kill "$ticker" 2>/dev/null
		wait "$ticker" 2>/dev/null || true
		ticker=
	fi
}
trap untick EXIT
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
	echo "installing from apt: $apt_pkgs (about a minute: package lists, then some 60 packages)"
	tick "apt-get update"
	sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	untick
	echo "  package lists updated (at $((SECONDS - t0)) s); installing"
	tick "apt-get install"
	# shellcheck disable=SC2086
	sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $apt_pkgs >/dev/null
	untick
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
	echo "building gonb and goimports: 1–4 minutes the first time (95 s on an idle 2-core machine, 210 s on a busy one)"
	tick "building gonb and goimports"
	GOBIN="$bin" go -C "$here/tools" install tool
	untick
fi
if [ "$gopls" = 1 ]; then
	if has gopls "$GOPLS_MOD"; then
		echo "gopls up to date"
	else
		echo "building gopls: 2–5 minutes the first time (it gives the notebooks autocompletion and docs; --no-gopls skips it)"
		tick "building gopls"
		GOBIN="$bin" go -C "$here/tools/gopls" install tool
		untick
	fi
fi

# --- 3. Kernel spec ----------------------------------------------------------
step "GoNB kernel"
install_args=(--install --logtostderr)
[ "$raw_error" = 1 ] && install_args+=(--raw_error)
[ "$gopls" = 1 ] || install_args+=(--force_deps)
# gonb logs through klog, with colour codes: keep its whole message, plain.
PATH="$bin:$gobindir:$PATH" "$bin/gonb" "${install_args[@]}" 2>&1 |
	sed -E 's/\x1b\[[0-9;]*m//g; s/^[IWEF][0-9]{4} [0-9:.]+ +[0-9]+ [a-z_]+\.go:[0-9]+\] (\[[0-9a-f]+\] )?//' |
	sed '/^Program goimports and\/or gopls are not installed/,/gopls@latest/d' |
	grep -v '^[[:space:]]*$' | sed 's/^/  /' || true
# (GoNB's advice for a missing gopls is to install @latest versions; ours
# are pinned in tools/gopls.)
[ "$gopls" = 1 ] || echo "  without gopls (--ci, --no-gopls): the notebooks run, with no autocompletion; setup.sh without those options builds the pinned gopls"
kernel_json="$(jupyter --data-dir)/kernels/gonb/kernel.json"
[ -f "$kernel_json" ] || die "gonb --install did not write $kernel_json"
# The kernel runs go, goimports and gopls: give it a PATH that has them
# whatever PATH Jupyter is started with (${PATH} is expanded by Jupyter).
# A cell run in a fresh kernel before the notebook's first code cell asks
# the module proxy for github.com/gosnn/gosnn, which is not published ("403
# Forbidden", "404 Not Found"). A local proxy, asked first, answers with a
# stand-in whose build error says to run the first cell
# (internal/firstcell/make_proxy.py); GONOSUMDB lets go accept it.
proxy="$here/tools/firstcell-proxy"
python3 "$here/internal/firstcell/make_proxy.py" "$proxy"
python3 - "$kernel_json" "$bin:$gobindir" "file://$proxy,$(go env GOPROXY)" <<'EOF'
import json, os, sys
path, prefix, goproxy = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path) as f:
    spec = json.load(f)
env = spec.setdefault("env", {})
env["PATH"] = prefix + ":${PATH}"
env["GOPROXY"] = goproxy
env["GONOSUMDB"] = "github.com/gosnn/gosnn"
tmp = path + ".tmp"
with open(tmp, "w") as f:
    json.dump(spec, f, indent=1)
os.replace(tmp, path)
EOF
echo "  kernel spec: $kernel_json (PATH, and GOPROXY with the first-cell stand-in: $proxy)"

# --- 4. Warm the build cache ---------------------------------------------------
step "Go build cache"
# Build the packages the notebooks import in a module laid out like the one
# GoNB builds each cell in: a scratch module plus a go.work that uses this
# checkout. Compiled packages land in the shared build cache.
imports=()
for p in snn plots notebooks/nb; do
	[ -d "$root/$p" ] && imports+=("github.com/gosnn/gosnn/$p")
done
imports+=("github.com/janpfeifer/gonb/gonbui")
warm="$(mktemp -d "${TMPDIR:-/tmp}/gosnn-warm.XXXXXX")"
trap 'untick; rm -rf "$warm"' EXIT
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
	echo "building ${imports[*]} once, so that the first cell compiles in seconds (10–60 s the first time)"
	tick "warming the build cache"
	go build -o /dev/null . || exit 1
	untick
	echo "built ${imports[*]} in $((SECONDS - w0)) s"
) || die "could not build the packages the notebooks use (see the errors above); is this checkout compiling? try: go build ./..."
rm -rf "$warm"
trap untick EXIT

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
