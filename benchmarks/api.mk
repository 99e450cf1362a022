# Load benchmark of the HTTP API (benchmarks/README.md, "API").
#
# Included by the root Makefile (`include benchmarks/api.mk`), or run on its
# own from the repository root: `make -f benchmarks/api.mk bench-api`.
#
#   make bench-api    install wrk when missing (Debian: apt-get install -y
#                     wrk), start `caregap serve` on 127.0.0.1, run one
#                     forecast and one matching, then 30 s of wrk against a
#                     placement lookup and a forecast-result query; prints
#                     requests/s, p50/p99 latency and errors
#                     (BENCH_API_DURATION=10s, BENCH_API_CONNECTIONS=16 ...)

BENCH_API_DIR         := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
BENCH_API_DURATION    ?= 30s
BENCH_API_CONNECTIONS ?= 4
BENCH_API_THREADS     ?= 2

.PHONY: bench-api

bench-api:
	DURATION=$(BENCH_API_DURATION) CONNECTIONS=$(BENCH_API_CONNECTIONS) THREADS=$(BENCH_API_THREADS) \
		$(BENCH_API_DIR)/api/run.sh
