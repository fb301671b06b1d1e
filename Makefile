# Okienko. `make run` starts the desktop app on the demo office; `make test`
# runs every test. Both install what is missing first (build/scripts/deps.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.local/go/bin:$(shell go env GOPATH 2>/dev/null || echo $(HOME)/go)/bin:$(PATH)
export CGO_ENABLED ?= 1

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# WebKitGTK 4.1 (Ubuntu 24.04) needs its own build tag; evaluated after deps ran.
WEBKIT = $(shell pkg-config --exists webkit2gtk-4.0 2>/dev/null || echo ,webkit2_41)
BIN := build/bin
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all run deps frontend bindings build build-dev console registry windows test-windows test test-go test-frontend test-e2e smoke \
        lint bench bench-peer soak reset-demo clean generate

all: build

deps:
	@build/scripts/stage.sh mark $@
	@build/scripts/deps.sh

frontend: deps
	@build/scripts/stage.sh mark $@
	cd frontend && npm run build

## generate: regenerates sqlc code and the Wails TypeScript bindings
generate: deps
	sqlc generate
	wails generate module >/dev/null

build: frontend
	@build/scripts/stage.sh mark $@
	go build -tags desktop,production$(WEBKIT) -ldflags "-w -s $(LDFLAGS)" -o $(BIN)/okienko .

build-dev: frontend
	@build/scripts/stage.sh mark $@
	go build -tags dev$(WEBKIT) -ldflags "$(LDFLAGS)" -o $(BIN)/okienko-dev .

## console: builds Konsola urzędu (frontend/console) into sync/registry/console/dist, which the registry embeds
console: deps
	@build/scripts/stage.sh mark $@
	cd frontend && npm run build:console

## registry: builds the central registry server (build/bin/registry serve|admin) with its console
registry: deps console
	@build/scripts/stage.sh mark $@
	go build -ldflags "-w -s $(LDFLAGS)" -o $(BIN)/registry ./sync/cmd/registry

## windows: cross-builds the signed Windows installer and registry.exe (build/bin; see the README's "Windows")
windows: frontend
	@build/scripts/stage.sh mark $@
	build/scripts/windows.sh

## test-windows: the Windows build under Wine: okienko.exe --self-check, registry.exe taking a Linux device's push
test-windows: windows
	@build/scripts/stage.sh mark $@
	build/scripts/wine-check.sh

## run: builds and starts Okienko on the demo office (ARGS="--data DIR" to choose the data directory)
run: build
	./$(BIN)/okienko $(ARGS)

## test: vet, generated-code drift, Go tests (the concurrent ones also with -race), frontend checks, E2E in Chromium, window smoke test,
## the Windows build (signed installer, registry.exe) run under Wine
test: lint test-go test-frontend test-e2e smoke test-windows
	@echo "make test: all passed"

lint: deps
	@build/scripts/stage.sh mark $@
	@if [ -n "$$(gofmt -l $$(git ls-files '*.go'))" ]; then gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting" >&2; exit 1; fi
	go vet ./...
	@if grep -nP '[^\x00-\x7F]' db/queries/*.sql sync/registry/*/queries/*.sql; then echo "non-ASCII in db/queries breaks sqlc" >&2; exit 1; fi
	sqlc diff
	@cp -r frontend/wailsjs /tmp/okienko-wailsjs.$$$$ && wails generate module >/dev/null && \
	  if ! diff -r /tmp/okienko-wailsjs.$$$$ frontend/wailsjs; then rm -rf /tmp/okienko-wailsjs.$$$$; \
	    echo "frontend/wailsjs is stale: run make generate and commit" >&2; exit 1; fi; rm -rf /tmp/okienko-wailsjs.$$$$

# Go tests (build/scripts/test-go.sh): every test of every package without
# -race (the simulation's 200 seeds first), and beside it under -race what
# build/racetests.txt chooses: the code where goroutines meet in one process
# (the race detector slows SQLite and PDFs some fifteen times). The script
# first checks that every test runs, and that every package whose code is
# concurrent and every test named for concurrency is chosen for -race.
test-go: deps
	@build/scripts/stage.sh mark $@
	build/scripts/test-go.sh run

test-frontend: deps
	@build/scripts/stage.sh mark $@
	cd frontend && npm run check && npm test

test-e2e: build-dev registry
	@build/scripts/stage.sh mark $@
	build/scripts/e2e.sh

smoke: build
	@build/scripts/stage.sh mark $@
	build/scripts/smoke.sh

## bench: prints the figures the issues ask for (the PostgreSQL ones against OKIENKO_TEST_PG), and the
## desktop app's cold start to the sign-in screen (build/scripts/coldstart.sh, under Xvfb); BENCH_COUNT=5 runs
## each benchmark five times and prints each figure's median and range (as the README's figures are given)
bench: export OKIENKO_TEST_PG ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
bench: BENCH_COUNT ?= 1
bench: deps build
	go test -run '^$$' -bench . -benchmem -count=$(BENCH_COUNT) -timeout $$(( 30 * $(BENCH_COUNT) ))m ./app/... ./db/... ./sync/... | tee build/bench.txt
	@build/scripts/figures.sh build/bench.txt
	@build/scripts/coldstart.sh

## bench-peer: issue 17's side-by-side run: PouchDB 9 replicating to express-pouchdb 4.2 (pinned in
## build/peer) on the rows Okienko's benchmarks use, beside those benchmarks; prints the ratios.
## RUNS=5 runs of each (medians and ranges); PEER_SKIP=initial,push,bytes leaves parts of the peer out.
bench-peer: export OKIENKO_TEST_PG ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
bench-peer: RUNS ?= 5
bench-peer: deps
	cd build/peer && npm ci --no-audit --no-fund --loglevel=error
	OKIENKO_PEER_EXPORT=$(CURDIR)/build/peer/data go test -run '^TestPeerExport$$' -count=1 -timeout 30m ./sync/engine/
	go test -run '^$$' -bench '^(BenchmarkPush10k|BenchmarkInitialSync20k|BenchmarkBytesPerChange)$$/^(sqlite|postgres|pages|snapshot|phone-100)$$' \
	  -benchtime 1x -count=$(RUNS) -timeout 60m ./sync/engine/ | tee build/peer/okienko.txt
	cd build/peer && node bench.js --data data --runs $(RUNS) --okienko okienko.txt $(if $(PEER_SKIP),--skip $(PEER_SKIP))

## soak: the sync simulation (five devices, a registry, a faulty network) over 10000 seeds, with two
## registries on one PostgreSQL (OKIENKO_TEST_PG) over 2000, and with the registry restored from its
## backup mid-run over 200; prints the totals
soak: export OKIENKO_TEST_PG ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
soak: deps
	OKIENKO_SIM_SEEDS=10000 go test -run '^TestSimulation$$' -count=1 -timeout 0 -v ./sync/sim/ | grep -v -e '^=== ' -e '--- PASS: TestSimulation/'
	OKIENKO_SIM_SEEDS=2000 go test -run '^TestSimulationTwoRegistries$$' -count=1 -timeout 0 -v ./sync/sim/ | \
	  grep -v -e '^=== ' -e '--- PASS: TestSimulationTwoRegistries/'
	OKIENKO_SOAK_ROUNDS=3000 go test -run '^TestFlatMemory$$' -count=1 -timeout 0 -v ./sync/engine/ | grep -e 'rounds of' -e FAIL -e '^ok'
	OKIENKO_SIM_RESTORE_SEEDS=200 go test -run '^TestRestore$$' -count=1 -timeout 0 -v ./sync/sim/ | grep -v -e '^=== ' -e '--- PASS: TestRestore/'

reset-demo:
	rm -rf "$${XDG_DATA_HOME:-$$HOME/.local/share}/okienko"
	@echo "demo data removed; the next start loads Gmina Przykładowo again"

clean:
	rm -rf $(BIN) build/out frontend/dist/assets frontend/dist/index.html
