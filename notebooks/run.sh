#!/usr/bin/env bash
# Execute the notebooks headless, in fresh GoNB kernels, and check them.
#
#   notebooks/run.sh [--update] [--timeout SECONDS] [--images exact|size] [NOTEBOOK.ipynb...]
#
# Each notebook (default: notebooks/[0-9]*.ipynb) is executed with
# `jupyter nbconvert --execute` into a scratch directory, then checked by
# nbcheck: no cell may fail to compile, panic, exit with a non-zero status or
# write to stderr, and every cell tagged "figure" must show a figure.
#
# Without --update the executed outputs are also compared with the committed
# ones, and the run fails when those are stale (what CI does). With --update
# (make notebooks) the checked notebooks replace the committed ones.
#
# Needs notebooks/setup.sh to have run (use `setup.sh --ci` on a CI machine).
set -euo pipefail

update=0 timeout=300 images=exact
nbs=()
while [ $# -gt 0 ]; do
	case "$1" in
	--update) update=1 ;;
	--timeout) timeout="$2"; shift ;;
	--timeout=*) timeout="${1#*=}" ;;
	--images) images="$2"; shift ;;
	--images=*) images="${1#*=}" ;;
	-h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run.sh: unknown option $1 (allowed: --update, --timeout SECONDS, --images exact|size, --help)" >&2; exit 2 ;;
	*) nbs+=("$1") ;;
	esac
	shift
done
case "$timeout" in ''|*[!0-9]*) echo "run.sh: --timeout $timeout: want a whole number of seconds" >&2; exit 2 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
if [ ${#nbs[@]} -eq 0 ]; then
	nbs=("$here"/[0-9]*.ipynb)
fi
for nb in "${nbs[@]}"; do
	[ -f "$nb" ] || { echo "run.sh: $nb: no such notebook" >&2; exit 2; }
	[ "$(cd "$(dirname "$nb")" && pwd)" = "$here" ] || { echo "run.sh: $nb: only notebooks in $here can be run (they find the library from their directory)" >&2; exit 2; }
done
command -v jupyter-nbconvert >/dev/null || { echo "run.sh: jupyter nbconvert not found: run notebooks/setup.sh --ci first" >&2; exit 1; }
# (Not `jupyter kernelspec list | grep -q`: with pipefail, grep quitting
# early can fail the pipeline.)
specs="$(jupyter kernelspec list 2>/dev/null || true)"
case "$specs" in
*" gonb "*) ;;
*) echo "run.sh: the GoNB kernel is not installed: run notebooks/setup.sh --ci first" >&2; exit 1 ;;
esac
export PATH="$here/tools/bin:$(dirname "$(command -v go)"):$PATH"

# Executed notebooks go to a scratch directory beside the committed ones
# (same file system, so --update replaces them with an atomic rename).
out="$(mktemp -d "$here/.run-XXXXXX")"
trap 'rm -rf "$out"' EXIT
(cd "$root" && go build -o "$out/nbcheck" ./notebooks/cmd/nbcheck)

# now prints the time in seconds (fractions where the shell has them; the
# bash 3.2 of macOS does not, and its date has no %N).
now() { if [ -n "${EPOCHREALTIME:-}" ]; then echo "${EPOCHREALTIME/,/.}"; else date +%s; fi; }

# cpu sets CPU to the user+sys seconds used so far by this shell's finished
# children (the notebook's kernel and the go builds it ran): on a shared
# machine that says more about a notebook's cost than the wall time.
# (`times` must run in this shell, not in a $(...) subshell.)
cpu() {
	times >"$out/times"
	CPU=$(awk 'NR==2 { s=0; for (i=1;i<=2;i++) { split($i, m, "m"); s+=m[1]*60+m[2] } printf "%.1f", s }' "$out/times")
}

failed=0
times=()
for nb in "${nbs[@]}"; do
	name="$(basename "$nb")"
	printf '%-36s ' "$name"
	t0=$(now)
	cpu; c0=$CPU
	# The kernel is started in the notebook's directory, whatever the output directory.
	# --allow-errors: a cell that fails to compile does not stop the run;
	# nbcheck reports it with everything else that went wrong.
	if jupyter nbconvert --to notebook --execute --allow-errors \
		--ExecutePreprocessor.timeout="$timeout" \
		--ExecutePreprocessor.kernel_name=gonb \
		--ExecutePreprocessor.record_timing=False \
		--output-dir "$out" "$nb" >"$out/$name.log" 2>&1; then
		secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
		cpu
		cpus=$(awk -v a="$c0" -v b="$CPU" 'BEGIN{printf "%.1f", b-a}')
		echo "executed in $secs s (CPU $cpus s)"
		times+=("$name $secs s wall, $cpus s CPU")
	else
		echo "FAILED to execute (a cell timed out or the kernel died); the end of the log:"
		grep -v -E '^[IW][0-9]{4} |Debugger warning|frozen modules|PYDEVD|^$' "$out/$name.log" | tail -n 40 | sed 's/^/  /'
		failed=1
	fi
done

executed=()
for nb in "${nbs[@]}"; do
	[ -f "$out/$(basename "$nb")" ] && executed+=("$out/$(basename "$nb")")
done
if [ ${#executed[@]} -gt 0 ]; then
	echo
	if [ "$update" = 1 ]; then
		"$out/nbcheck" "${executed[@]}" || failed=1
	else
		"$out/nbcheck" -committed "$here" -images "$images" "${executed[@]}" || failed=1
	fi
fi

if [ "$update" = 1 ]; then
	if [ "$failed" = 0 ]; then
		for f in ${executed[@]+"${executed[@]}"}; do mv -f "$f" "$here/$(basename "$f")"; done
		echo "updated: ${#executed[@]} notebooks"
	else
		echo "not updating the committed notebooks: fix the problems above first"
	fi
fi
echo
echo "execution times:"
for t in ${times[@]+"${times[@]}"}; do echo "  $t"; done
exit "$failed"
