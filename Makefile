# gosnn — common tasks. `make help` lists them.

GO      ?= go
PYTHON  ?= /usr/bin/python3
BIN     := bin

.PHONY: help test vet unit bench build golden generate fuzz golden-plots bench-plots

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

test: vet unit ## the test command: vet and every test (CI runs this)

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

unit:
	$(GO) test -count=1 ./...

build: ## build the snn command into bin/
	$(GO) build -o $(BIN)/snn ./scripting/cmd/snn

bench: ## benchmarks of the tutorial network against its NumPy code, in one run
	$(GO) test -run '^$$' -bench 'Tutorial' -benchtime 10x ./snn

golden-plots: ## regenerate the plots package's golden images (look at them before committing)
	$(GO) test ./plots -run TestGolden -regen

bench-plots: ## figure rendering benchmarks (raster of 100k spikes, 1000×1000 heat map)
	$(GO) test -run '^$$' -bench . -benchmem ./plots

golden: ## regenerate snn/testdata/golden from the NumPy reference (needs python3-numpy)
	$(PYTHON) snn/testdata/reference/make_golden.py

fuzz: ## fuzz the CSV and .npy readers for 30 s each
	$(GO) test -run '^$$' -fuzz FuzzReadNPY -fuzztime 30s ./snn
	$(GO) test -run '^$$' -fuzz FuzzReadSpikesCSV -fuzztime 30s ./snn
