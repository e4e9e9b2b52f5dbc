# TrialKit — two commands from a fresh clone: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release/trialkit

.PHONY: deps test-deps build test demo bench check-deps report-check clean

deps:
	@scripts/install-deps.sh

# Tests also render the HTML report in headless Chromium (with DejaVu fonts, so text is drawn on a
# bare machine) and read the PNG with python3. Without them (no network, no apt) the browser
# check is skipped with a message instead of failing the build.
test-deps: deps
	@scripts/install-deps.sh chromium fonts-dejavu-core python3 || echo "make: chromium could not be installed; ChromiumRenderTests will be skipped." >&2

build: deps
	$(SWIFT) build -c release --product trialkit

test: test-deps check-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	@scripts/demo.sh $(BIN)

bench: build
	@scripts/bench.sh $(BIN)
	@scripts/power-check.sh $(BIN)

# Renders the sample HTML report in headless Chromium and prints what the pixel check found.
report-check: test-deps
	$(SWIFT) build --build-tests
	@mkdir -p .build/report-check
	REPORT_CHECK_DIR=$(CURDIR)/.build/report-check $(SWIFT) test --skip-build --filter ChromiumRenderTests
	@echo "Files: .build/report-check/report.html, .build/report-check/report.png"

check-deps:
	@scripts/check-deps.sh

clean:
	rm -rf .build
