# gosnn — common tasks. `make help` lists them.

GO      ?= go
PYTHON  ?= /usr/bin/python3
BIN     := bin

.PHONY: help test test-go vet unit notebooks-check notebooks notebooks-browser jupyter bench build golden generate fuzz golden-plots bench-plots bench-scripting bench-compare bench-sparse bench-engine bench-spnet

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

test: vet unit notebooks-check ## the test command: vet, every Go test, and the notebooks executed headless (CI runs this)

test-go: vet unit ## vet and every Go test, without executing the notebooks

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

unit:
	$(GO) test -count=1 ./...

notebooks-check: ## execute every notebook headless and fail on any error, missing figure or stale output (needs notebooks/setup.sh)
	notebooks/run.sh

notebooks-browser: ## run every notebook in Chromium through the classic Jupyter interface; fail on errors, missing figures, broken tables (needs jupyter-notebook, chromium)
	notebooks/browser-test.sh

notebooks: ## execute the notebooks and replace their committed outputs (after notebooks/setup.sh)
	notebooks/run.sh --update

jupyter: ## the main job: install Jupyter and GoNB once, then start Jupyter on notebooks/
	notebooks/setup.sh

build: ## build the snn command into bin/
	$(GO) build -o $(BIN)/snn ./scripting/cmd/snn

bench: ## benchmarks of the tutorial network against its NumPy code, in one run
	$(GO) test -run '^$$' -bench 'Tutorial' -benchtime 10x ./snn

REPEAT ?= 1

NETS ?=

bench-compare: ## gosnn vs the tutorial's NumPy algorithm vs Brian2 on the tutorial, 10k and 100k networks, and spnet vs its C reference vs Brian2 (~10 min a round; REPEAT=N rounds, medians; NETS=spnet for one; see BENCHMARKS.md)
	$(GO) build -o $(BIN)/snnbench ./internal/cmd/snnbench
	$(BIN)/snnbench --repeat $(REPEAT) $(if $(NETS),--nets $(NETS)) --out bench-table.md

bench-sparse: ## Go benchmarks of sparse delivery, noise and the 10k/100k networks
	$(GO) test -run '^$$' -bench 'Deliver100k|FastNoise100k' -benchtime 1000x ./snn
	$(GO) test -run '^$$' -bench 'Sparse10kP01|Sparse100kInDegree1000Float32' -benchtime 3x ./snn

bench-engine: ## the engine's wait policies on the 10k and tutorial networks with and without 2 busy processes, interleaved (40 rounds); the 100k loop as a fraction of the memory-bound limit (see BENCHMARKS.md)
	$(GO) test -run '^$$' -bench 'Contention/(10k|tutorial)' -benchtime 40x -v ./snn
	$(GO) test -run '^$$' -bench 'MemoryBound100k' -benchtime 5x ./snn

bench-spnet: ## spnet (polychronization network) in Go vs its C reference (gcc -O2), 60 simulated seconds, same run; memory per synapse state
	$(GO) test -run '^$$' -bench 'Spnet' -benchtime 3x -count 3 ./snn/spnet

generate: ## regenerate the yaegi symbols of snn, snn/vec and plots after changing their exported API
	$(GO) generate ./scripting/...

bench-scripting: ## scripted, --native and built-in models vs the tutorial's NumPy loop, in one run; a Hodgkin–Huxley model in snn/vec interpreted vs compiled
	$(GO) test -run '^$$' -bench 'Tutorial' -benchtime 5x ./scripting
	$(GO) test -run '^$$' -bench 'HodgkinHuxley' -benchtime 3x ./scripting

golden-plots: ## regenerate the plots package's golden images (look at them before committing)
	$(GO) test ./plots -run TestGolden -regen

bench-plots: ## figure rendering benchmarks (raster of 100k spikes, 1000×1000 heat map)
	$(GO) test -run '^$$' -bench . -benchmem ./plots

golden: ## regenerate snn/testdata/golden from the NumPy reference (needs python3-numpy)
	$(PYTHON) snn/testdata/reference/make_golden.py

fuzz: ## fuzz the CSV, .npy and checkpoint readers for 30 s each, and interpreted vs native scripts (generated programs) for 60 s
	$(GO) test -run '^$$' -fuzz FuzzRead -fuzztime 30s ./snn/npy
	$(GO) test -run '^$$' -fuzz FuzzReadSpikesCSV -fuzztime 30s ./snn
	$(GO) test -run '^$$' -fuzz FuzzNetworkLoad -fuzztime 30s ./snn
	$(GO) test -run '^$$' -fuzz FuzzDiff -fuzztime 60s ./scripting

.PHONY: pynn-setup pynn-test pynn-compare
pynn-setup: ## install PyNN, NEURON and Open MPI from Debian and compile PyNN's NEURON mechanisms (root or sudo)
	scripting/pynn-setup.sh

PYNN_OUT ?=

pynn-test: ## export the tutorial and a 10k sparse network, run each on NEURON with 1 and 2 MPI ranks, read the spikes back (after pynn-setup; several minutes; PYNN_OUT=DIR keeps the runs)
	GOSNN_PYNN=1 PYTHON=$(PYTHON) OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 GOSNN_PYNN_OUT=$(if $(PYNN_OUT),$(abspath $(PYNN_OUT))) $(GO) test -count=1 -timeout 60m -run 'TestPyNNOnNEURON|TestImplicitEulerMatchesNEURON' -v ./snn/pynn ./snn

PYNN_CACHE ?= pynn-compare
PYNN_NETS ?=

pynn-compare: ## gosnn vs the exported run on NEURON at a matched 0.1 ms step over several seeds (after pynn-setup; tens of minutes; NEURON runs kept in PYNN_CACHE, PYNN_NETS=tutorial for one network)
	GOSNN_PYNN_COMPARE=1 PYTHON=$(PYTHON) OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 GOSNN_PYNN_COMPARE_CACHE=$(abspath $(PYNN_CACHE)) GOSNN_PYNN_COMPARE_NETS=$(PYNN_NETS) $(GO) test -count=1 -timeout 180m -run TestCompareWithNEURON -v ./snn/pynn
