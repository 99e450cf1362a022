# The page at / of `caregap serve` (package web/).
#
# Included by the root Makefile (`include web/web.mk`).
#
#   make web-assets  fetch htmx, ECharts and axe-core from npm at the pinned
#                    versions into web/static/vendor/ and web/testdata/
#                    (committed; nothing downloads at run or test time)
#   make web-deps    install Debian's chromium when missing, for the
#                    browser tests (with CI=true a missing chromium fails
#                    them, never skips them)
#   make test-web    the page's tests, the browser suite included
#   make web-screenshots  rerun the browser suite and rewrite
#                    docs/screenshots/*.png

WEB_DIR        := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
WEB_ROOT       := $(abspath $(WEB_DIR)/..)
WEB_GO         ?= go
WEB_NPM        ?= npm
WEB_HTMX       := 2.0.11
WEB_ECHARTS    := 6.1.0
WEB_AXE        := 4.14.1
WEB_CHROMIUM   ?= /usr/bin/chromium
WEB_SUDO       := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: web-assets web-deps test-web web-screenshots

web-assets:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cd "$$tmp"; \
	$(WEB_NPM) pack --silent htmx.org@$(WEB_HTMX) echarts@$(WEB_ECHARTS) axe-core@$(WEB_AXE) >/dev/null; \
	for t in *.tgz; do mkdir "$${t%.tgz}"; tar -xzf "$$t" -C "$${t%.tgz}"; done; \
	cp htmx.org-$(WEB_HTMX)/package/dist/htmx.min.js $(WEB_DIR)/static/vendor/htmx.min.js; \
	cp htmx.org-$(WEB_HTMX)/package/LICENSE $(WEB_DIR)/static/vendor/htmx.LICENSE; \
	cp echarts-$(WEB_ECHARTS)/package/dist/echarts.min.js $(WEB_DIR)/static/vendor/echarts.min.js; \
	cp echarts-$(WEB_ECHARTS)/package/LICENSE $(WEB_DIR)/static/vendor/echarts.LICENSE; \
	cp echarts-$(WEB_ECHARTS)/package/NOTICE $(WEB_DIR)/static/vendor/echarts.NOTICE; \
	cp axe-core-$(WEB_AXE)/package/axe.min.js $(WEB_DIR)/testdata/axe.min.js; \
	cp axe-core-$(WEB_AXE)/package/LICENSE $(WEB_DIR)/testdata/axe.LICENSE; \
	echo "web-assets: htmx.org $(WEB_HTMX), echarts $(WEB_ECHARTS), axe-core $(WEB_AXE)"

## web-deps: Debian's chromium for the browser tests, when missing
web-deps:
	@if [ -x $(WEB_CHROMIUM) ]; then \
		echo "web: chromium is installed"; \
	else \
		echo "web: installing chromium"; \
		$(WEB_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$(WEB_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

test-web: web-deps
	$(WEB_GO) test -count=1 ./web/...
	$(WEB_GO) test -count=1 ./cmd/caregap -run Serve

web-screenshots: web-deps
	$(WEB_GO) test -count=1 ./web -run TestBrowser -screenshots $(WEB_ROOT)/docs/screenshots
