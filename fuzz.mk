# fuzz: every fuzz target of the module for FUZZTIME each (10 s by
# default): the Parquet and CSV readers of every dataset, the row cap,
# the page header scanner, the scenario decoder, the SCB reader and the
# API's decoders, uploads and job requests. `make test` calls it; a
# failure leaves its input in the package's testdata/fuzz.
FUZZTIME ?= 10s
FUZZ_PKGS = $(shell grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u)

.PHONY: fuzz
fuzz:
	@set -e; for pkg in $(FUZZ_PKGS); do \
	  for t in $$(grep -h '^func Fuzz' $$pkg/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
	    echo "fuzz $$pkg $$t ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done
