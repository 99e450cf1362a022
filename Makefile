# caregap: `make run` runs the forecast on the embedded default dataset;
# `make test` runs every test (and, in CI, installs what they need).
SHELL := /bin/bash
GO    ?= go
BIN   := bin
OUT   ?= out

.PHONY: all build run test test-go test-sweep-readers fuzz-test vet fmt-check bench deps generate clean

all: build

build:
	$(GO) build -o $(BIN)/caregap ./cmd/caregap

## run: a matching on the embedded default, then every shipped scenario and
## the matching's placements (scenario "placements") forecast to 2040
run: build
	$(BIN)/caregap match --verify --out $(OUT)/match
	@echo
	$(BIN)/caregap forecast --placements $(OUT)/match/assignments.parquet --out $(OUT)/forecast

## test: static checks, the Go tests (fuzz seed corpora included, the
## page's browser tests in chromium among them), and the notebooks;
## `make fuzz-test` fuzzes every target for FUZZTIME_TEST
FUZZTIME_TEST ?= 3s
test: peers web-deps vet fmt-check test-go beam-test test-sweep-readers notebooks

fuzz-test:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_TEST)

test-go:
	$(GO) test -count=1 ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## bench: the forecast and engine benchmarks (see benchmarks/README.md);
## bench-peers: the matching solvers side by side with scipy and LEMON
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./benchmarks/... ./engine/...

## test-sweep-readers: DuckDB (npm's @duckdb/node-api) and Polars (npm's
## nodejs-polars), each pinned by its package-lock.json, read a small
## sweep as one Hive-partitioned dataset and check it against the
## sweep's manifest
SWEEP_CHECKS := runs/sweeprun/testdata/duckdb runs/sweeprun/testdata/polars
test-sweep-readers: build
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/caregap sweep --grid runs/sweeprun/testdata/small.yaml --regions Falun,Borlänge --draws 20 --to 2030 --out "$$tmp/sweep" >/dev/null && \
	for d in $(SWEEP_CHECKS); do \
		echo "$$d:" && (cd $$d && npm ci --no-audit --no-fund --silent) && node $$d/check.mjs "$$tmp/sweep" || exit 1; \
	done

## generate: rewrite the embedded default dataset from its synthesiser
generate:
	$(GO) generate ./datasets/defaultdata

clean: notebooks-clean
	rm -rf $(BIN) $(OUT)

include notebooks/notebooks.mk
include benchmarks/peers.mk
include benchmarks/api.mk
include fuzz.mk
include web/web.mk
include beam/beam.mk
