#!/usr/bin/env bash
# Set-up for running exported gosnn networks on PyNN 0.10 + NEURON + MPI
# (Debian 12 packages; needs root or sudo).
#
#   scripting/pynn-setup.sh          install what is missing, compile PyNN's mechanisms, check
#   scripting/pynn-setup.sh --check  only check; exit 1 and say what is missing
#
# Steps, each skipped when already done (a re-run takes a few seconds):
#  1. Debian packages: python3-pynn (PyNN 0.10), python3-neuron and
#     neuron-dev (NEURON 8.2 and its nrnivmodl), openmpi-bin (mpirun),
#     python3-mpi4py (PyNN's MPI layer), g++, make, libx11-dev and
#     libxext-dev (to compile and link NMODL).
#  2. PyNN's NMODL mechanisms (Izhikevich, the current sources, ...),
#     compiled where pyNN.neuron loads them from:
#     <dist-packages>/pyNN/neuron/nmodl/x86_64/.libs/libnrnmech.so.
#     Debian's NEURON needs two repairs for that: nrnivmodl runs
#     "make -f /usr/bin/nrnmech_makefile", but the makefile lives in
#     /usr/lib/nrn/; and the makefile links against $ROOT/lib/libnrniv.so,
#     but libnrniv.so lives in /usr/lib/nrn/. This script does not touch
#     /usr/bin: it runs nrnivmodl with NRNHOME pointing at a throw-away
#     directory whose bin/ holds links to the makefile and nocmodl (and
#     share/ to /usr/share, for nocmodl's unit table), and passes
#     ROOT=/usr libdir=/usr/lib/nrn to make through MAKEFLAGS, so the
#     library links against, and finds at run time (RUNPATH), /usr/lib/nrn.
#     nrnivmodl's last step, the "special" executable, fails on Debian for
#     want of InterViews' ivstream.h; PyNN does not use it, so the script
#     checks for the shared library instead of nrnivmodl's exit status.
#  3. A check: pyNN.neuron imports and a 2-rank mpirun of a one-neuron
#     Izhikevich network runs.
#
# mpirun refuses to run as root unless told to: as root, give it
# --allow-run-as-root, or set OMPI_ALLOW_RUN_AS_ROOT=1 and
# OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 (as this script and `make pynn-test` do).
set -euo pipefail

check_only=0
case "${1:-}" in
'') ;;
--check) check_only=1 ;;
-h|--help) sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
*) echo "pynn-setup.sh: unknown option $1 (allowed: --check, --help)" >&2; exit 2 ;;
esac

t0=$SECONDS
step() { printf '== %s (at %d s)\n' "$*" $((SECONDS - t0)); }
die() { printf 'pynn-setup.sh: %s\n' "$*" >&2; exit 1; }
sudo_cmd() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if [ "$(id -u)" = 0 ]; then
	export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
PYTHON=/usr/bin/python3

# --- 1. Debian packages -------------------------------------------------------
step "Debian packages"
# libx11-dev, libxext-dev: nrnmech_makefile links every mechanism library
# against libX11.so and libXext.so, which neuron-dev only recommends.
packages=(python3-pynn python3-neuron neuron-dev openmpi-bin python3-mpi4py g++ make libx11-dev libxext-dev)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "   all installed: ${packages[*]}"
elif [ $check_only = 1 ]; then
	die "missing Debian packages: ${missing[*]} (run scripting/pynn-setup.sh)"
else
	echo "   installing: ${missing[*]}"
	command -v apt-get >/dev/null || die "apt-get not found: this script needs Debian or Ubuntu; install ${missing[*]} by hand"
	export DEBIAN_FRONTEND=noninteractive
	sudo_cmd apt-get update -qq
	sudo_cmd apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- 2. PyNN's NMODL mechanisms -------------------------------------------------
step "PyNN's NEURON mechanisms"
pynn_dir="$("$PYTHON" -c 'import os, pyNN; print(os.path.dirname(pyNN.__file__))')" ||
	die "python3 cannot import pyNN: is python3-pynn installed?"
nmodl="$pynn_dir/neuron/nmodl"
arch="$(uname -m)"
lib="$nmodl/$arch/.libs/libnrnmech.so"
stale=0
if [ ! -f "$lib" ]; then
	stale=1
else
	for mod in "$nmodl"/*.mod; do
		[ "$mod" -nt "$lib" ] && stale=1
	done
fi
if [ $stale = 0 ]; then
	echo "   up to date: $lib"
elif [ $check_only = 1 ]; then
	die "PyNN's mechanisms are not compiled ($lib is missing or older than the .mod files): run scripting/pynn-setup.sh"
else
	for f in /usr/lib/nrn/nrnmech_makefile /usr/lib/nrn/libnrniv.so /usr/bin/nocmodl /usr/bin/nrnivmodl; do
		[ -e "$f" ] || die "$f not found: this script knows the layout of Debian 12's neuron and neuron-dev 8.2 packages only"
	done
	home="$(mktemp -d)"
	trap 'rm -rf "$home"' EXIT
	mkdir "$home/bin"
	ln -s /usr/lib/nrn/nrnmech_makefile /usr/bin/nocmodl "$home/bin/"
	[ -e /usr/bin/modlunit ] && ln -s /usr/bin/modlunit "$home/bin/"
	ln -s /usr/share "$home/share"
	log="$home/nrnivmodl.log"
	echo "   compiling $nmodl/*.mod with nrnivmodl (about a minute)"
	# nrnivmodl fails at its last step ("special", see above); the library
	# is what counts.
	(cd "$nmodl" && sudo_cmd env NRNHOME="$home" MAKEFLAGS="ROOT=/usr libdir=/usr/lib/nrn" nrnivmodl) >"$log" 2>&1 || true
	if [ ! -f "$lib" ] || [ "$(find "$lib" -newer "$home/bin" | wc -l)" = 0 ]; then
		tail -n 30 "$log" >&2
		die "nrnivmodl did not produce $lib (its log is above)"
	fi
	echo "   built $lib"
fi

# --- 3. Check -----------------------------------------------------------------
step "check: pyNN.neuron and mpirun -np 2"
"$PYTHON" -c 'import pyNN.neuron' >/dev/null 2>&1 || {
	"$PYTHON" -c 'import pyNN.neuron' >&2 || true
	die "python3 cannot import pyNN.neuron (its error is above)"
}
probe="$(mktemp -d)"
trap 'rm -rf "$probe" ${home:+"$home"}' EXIT
cat >"$probe/probe.py" <<'EOF'
import pyNN.neuron as sim
sim.setup(timestep=0.1)
p = sim.Population(2, sim.Izhikevich(i_offset=0.01))
p.record("spikes")
sim.run(100.0)
n = sum(len(st) for st in p.get_data("spikes", gather=True).segments[0].spiketrains)
if sim.rank() == 0:
    print("   %d MPI ranks: %d spikes in 100 ms" % (sim.num_processes(), n))
sim.end()
EOF
mpirun -np 2 "$PYTHON" "$probe/probe.py" 2>"$probe/err" | grep -v '^numprocs=' || {
	cat "$probe/err" >&2
	die "mpirun -np 2 python3 could not run a PyNN/NEURON network (its error is above)"
}
echo "== ready in $((SECONDS - t0)) s: mpirun -np 2 /usr/bin/python3 DIR/run.py runs a network that snn export --pynn DIR wrote"
