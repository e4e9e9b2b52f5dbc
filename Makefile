# TrialKit — two commands from a fresh clone: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release/trialkit

.PHONY: deps test-deps build test test-crash fuzz fuzz-build demo bench check-deps report-check clean

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

# The crash harness alone, 200 runs (`make test` runs it with 20); docs/hardening.md.
CRASH_RUNS ?= 200
test-crash: deps
	$(SWIFT) build --build-tests
	TRIALKIT_CRASH_RUNS=$(CRASH_RUNS) $(SWIFT) test --skip-build --filter CrashSafetyTests

# libFuzzer campaigns, FUZZ_SECONDS per target, in a separate build directory; docs/hardening.md.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv protocol formula expression redcap
FUZZ_BUILD := .build-fuzz
fuzz-build: deps
	$(SWIFT) build -c debug --build-path $(FUZZ_BUILD) --product TrialKitFuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -use-ld=lld

fuzz: fuzz-build
	scripts/fuzz.sh $(FUZZ_BUILD)/debug/TrialKitFuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-deps:
	@scripts/check-deps.sh

clean:
	rm -rf .build $(FUZZ_BUILD)
