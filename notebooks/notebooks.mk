# Notebooks: Jupyter with the GoNB Go kernel, executed headless.
#
# Included by the root Makefile (`include notebooks/notebooks.mk`), or run on
# its own from the repository root: `make -f notebooks/notebooks.mk notebooks`.
#
#   make notebooks        install Jupyter (Debian packages) when missing,
#                         build GoNB and goimports, register the kernel
#                         "gonb", execute every notebooks/*.ipynb in place
#                         and check that no cell failed
#   make notebooks-setup  the same without executing: ready for
#                         `jupyter notebook notebooks/`
#
# NB_CELL_TIMEOUT is the limit per cell in seconds; the first cell that
# compiles against Arrow and gonum/plot on a cold build cache is the slow one.

NB_DIR          := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
NB_ROOT         := $(abspath $(NB_DIR)/..)
NB_TOOLS        := $(NB_DIR)/tools
NB_BIN          := $(NB_TOOLS)/bin
NB_PYTHON       := /usr/bin/python3
NB_GO           ?= go
NB_CELL_TIMEOUT ?= 1200
NB_APT_PACKAGES := jupyter-notebook python3-nbconvert python3-ipykernel
NB_SUDO         := $(if $(filter 0,$(shell id -u)),,sudo)
NB_NOTEBOOKS     = $(sort $(wildcard $(NB_DIR)/*.ipynb))

.PHONY: notebooks notebooks-setup notebooks-deps notebooks-kernel notebooks-run notebooks-check notebooks-clean

notebooks: notebooks-setup
	@$(MAKE) --no-print-directory -f $(NB_DIR)/notebooks.mk notebooks-run notebooks-check

notebooks-setup: notebooks-deps notebooks-kernel

## notebooks-deps: Debian's Jupyter, nbconvert and ipykernel, when missing
notebooks-deps:
	@if $(NB_PYTHON) -c 'import nbconvert, nbclient, ipykernel, notebook' 2>/dev/null; then \
		echo "notebooks: Jupyter is installed"; \
	else \
		echo "notebooks: installing $(NB_APT_PACKAGES)"; \
		$(NB_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$(NB_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(NB_APT_PACKAGES) && \
		$(NB_PYTHON) -c 'import nbconvert, nbclient, ipykernel, notebook'; \
	fi

## GoNB and goimports, pinned by notebooks/tools/go.mod
$(NB_BIN)/gonb: $(NB_TOOLS)/go.mod $(NB_TOOLS)/go.sum
	cd $(NB_TOOLS) && $(NB_GO) build -o bin/gonb github.com/janpfeifer/gonb

$(NB_BIN)/goimports: $(NB_TOOLS)/go.mod $(NB_TOOLS)/go.sum
	cd $(NB_TOOLS) && $(NB_GO) build -o bin/goimports golang.org/x/tools/cmd/goimports

## notebooks-kernel: register the kernel "gonb" for this user, with the
## tools' directory first on the kernel's PATH (GoNB runs goimports). gopls
## only adds completion in the browser, so it is not required.
notebooks-kernel: $(NB_BIN)/gonb $(NB_BIN)/goimports
	@PATH="$(NB_BIN):$$PATH" gonb --install --force_deps >/dev/null 2>&1 || \
		PATH="$(NB_BIN):$$PATH" gonb --install --force_deps
	@$(NB_PYTHON) $(NB_DIR)/kernel_env.py "$(NB_BIN)"

## notebooks-run: execute each notebook into a temporary copy and move it
## into place only when every cell succeeded: nbconvert stops on a cell
## error (a failed build), and check_outputs.py catches what GoNB reports
## only on stderr (a panic, a non-zero exit, a failed shell command).
notebooks-run:
	@test -n "$(NB_NOTEBOOKS)" || { echo "notebooks: no notebooks in $(NB_DIR)"; exit 1; }
	@set -e; export CAREGAP_ROOT="$(NB_ROOT)" PATH="$(NB_BIN):$$PATH"; \
	mkdir -p "$(NB_DIR)/.run"; \
	for nb in $(NB_NOTEBOOKS); do \
		tmp="$(NB_DIR)/.run/$$(basename $$nb)"; \
		start=$$(date +%s); \
		echo "notebooks: executing $$(basename $$nb)"; \
		if ! $(NB_PYTHON) -m nbconvert --to notebook --execute \
			--ExecutePreprocessor.kernel_name=gonb \
			--ExecutePreprocessor.timeout=$(NB_CELL_TIMEOUT) \
			--log-level=WARN --output "$$tmp" "$$nb" 2>"$$tmp.log"; then \
			grep -v '^[IWE][0-9]\{4\} ' "$$tmp.log" | tail -n 40; \
			rm -f "$$tmp" "$$tmp.log"; \
			echo "notebooks: $$(basename $$nb) failed; left unchanged"; exit 1; \
		fi; \
		rm -f "$$tmp.log"; \
		if ! $(NB_PYTHON) $(NB_DIR)/check_outputs.py "$$tmp"; then \
			rm -f "$$tmp"; \
			echo "notebooks: $$(basename $$nb) failed; left unchanged"; exit 1; \
		fi; \
		mv "$$tmp" "$$nb"; \
		echo "notebooks: $$(basename $$nb) done in $$(( $$(date +%s) - start )) s"; \
	done

## notebooks-check: no executed notebook holds an error output
notebooks-check:
	@$(NB_PYTHON) $(NB_DIR)/check_outputs.py $(NB_NOTEBOOKS)

notebooks-clean:
	rm -rf $(NB_BIN)
