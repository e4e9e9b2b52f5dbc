# TrialKit — two commands from a fresh clone: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/release/trialkit

.PHONY: deps build test demo bench check-deps clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product trialkit

test: deps check-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	@scripts/demo.sh $(BIN)

bench: build
	@scripts/bench.sh $(BIN)
	@scripts/power-check.sh $(BIN)

check-deps:
	@scripts/check-deps.sh

clean:
	rm -rf .build
