# The Apache Beam pipeline of the sweep (beam/), a Go module of its own so
# that the main module does not depend on the Beam SDK. Included from the
# top Makefile; `beam-test` is part of `make test`.
#
# beam-build: bin/caregap-beam, the pipeline's command (about 130 MB).
# beam-test:  vet, then the module's tests: the pipeline on Prism and the
#             three-way equality test (one process, `caregap sweep` in two
#             shards and merged, Beam on Prism). A cold build (empty module
#             and build caches) takes about 5 minutes on 2 cores; warm, well
#             under a minute. See beam/README.md.
.PHONY: beam-build beam-test beam-vet

BEAM_DIR := beam

beam-build:
	cd $(BEAM_DIR) && $(GO) build -o ../$(BIN)/caregap-beam ./cmd/caregap-beam

beam-vet:
	cd $(BEAM_DIR) && $(GO) vet ./...

beam-test: beam-vet
	cd $(BEAM_DIR) && $(GO) test -count=1 ./...
