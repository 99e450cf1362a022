# The Apache Beam pipeline of the sweep (beam/), a Go module of its own so
# that the main module does not depend on the Beam SDK. Included from the
# top Makefile; `beam-test` is part of `make test`.
#
# beam-build: bin/caregap-beam, the pipeline's command (about 130 MB).
# beam-test:  vet, then the module's tests: the pipeline on Prism and the
#             three-way equality test (one process, `caregap sweep` in two
#             shards and merged, Beam on Prism). Cold (empty module and
#             build caches) about 8 minutes of 2 cores, 6 when the main
#             module is already built; warm, under a minute. See
#             beam/README.md.
.PHONY: beam-build beam-test beam-vet

BEAM_DIR := beam

beam-build:
	cd $(BEAM_DIR) && $(GO) build -o ../$(BIN)/caregap-beam ./cmd/caregap-beam

beam-vet:
	cd $(BEAM_DIR) && $(GO) vet ./...

beam-test: beam-vet
	cd $(BEAM_DIR) && $(GO) test -count=1 ./...
