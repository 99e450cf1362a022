# Side-by-side benchmarks against scipy and LEMON (benchmarks/README.md).
#
# Included by the root Makefile (`include benchmarks/peers.mk`), or run on
# its own from the repository root: `make -f benchmarks/peers.mk bench-peers`.
#
#   make peers        install python3-scipy, python3-numpy, liblemon-dev,
#                     g++, glpk-utils and coinor-cbc when missing (Debian
#                     packages), and build the LEMON driver bin/lemon_mcf;
#                     the tests in benchmarks/lap and benchmarks/flow, and
#                     the goal seek's LP checks against GLPK and CBC
#                     (engine/goalseek, runs/goalseekrun), need it done
#                     (with CI=true they fail, never skip, when a peer is
#                     missing)
#   make test-peers   only those tests
#   make bench-peers  the full comparison: one class × size table of times,
#                     ratios, the goal, peak memory and equal optima
#                     (PEERS_FLAGS="-runs 1", PEERS_FLAGS=-large for dense
#                     n = 8000 and placement 1 000 000 × 50, etc.)
#
# LEMON_MCF is exported so that `go test` uses the driver built here
# instead of compiling its own.

PEERS_DIR          := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PEERS_ROOT         := $(abspath $(PEERS_DIR)/..)
PEERS_GO           ?= go
PEERS_PYTHON       := /usr/bin/python3
PEERS_DRIVER       := $(PEERS_ROOT)/bin/lemon_mcf
PEERS_FLAGS        ?=
PEERS_APT_PACKAGES := python3-scipy python3-numpy liblemon-dev g++ glpk-utils coinor-cbc
PEERS_SUDO         := $(if $(filter 0,$(shell id -u)),,sudo)

export LEMON_MCF := $(PEERS_DRIVER)

.PHONY: peers peers-deps test-peers bench-peers

peers: peers-deps $(PEERS_DRIVER)

## peers-deps: the Debian packages of the peers, when missing
peers-deps:
	@if $(PEERS_PYTHON) -c 'import numpy, scipy.optimize' 2>/dev/null && \
		[ -f /usr/include/lemon/network_simplex.h ] && command -v g++ >/dev/null && \
		command -v glpsol >/dev/null && command -v cbc >/dev/null; then \
		echo "peers: scipy, LEMON, g++, GLPK and CBC are installed"; \
	else \
		echo "peers: installing $(PEERS_APT_PACKAGES)"; \
		$(PEERS_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$(PEERS_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(PEERS_APT_PACKAGES) && \
		$(PEERS_PYTHON) -c 'import numpy, scipy.optimize'; \
	fi

## the LEMON min-cost flow driver (header-only LEMON: nothing to link)
$(PEERS_DRIVER): $(PEERS_DIR)/flow/lemon_mcf.cpp | peers-deps
	@mkdir -p $(dir $@)
	g++ -O2 -std=c++17 -x c++ -o $@ $<

## test-peers: the optimum checks against scipy and LEMON
test-peers: peers
	cd $(PEERS_ROOT) && $(PEERS_GO) test -count=1 ./benchmarks/lap/ ./benchmarks/flow/

## bench-peers: the full side-by-side comparison (benchmarks/README.md "Peers")
bench-peers: peers
	cd $(PEERS_ROOT) && $(PEERS_GO) run ./benchmarks/cmd/peers $(PEERS_FLAGS)
