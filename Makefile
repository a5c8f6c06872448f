# The two commands a newcomer needs:
#   make docs   regenerate the guide and snippets through the SwiftPM plugin
#   make test   install the validators, then run every test
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: docs test check bootstrap cmark build

## Install libcmark-dev when it is missing (the only system library the package links).
cmark:
	@pkg-config --exists libcmark 2>/dev/null || { \
	  echo "installing libcmark-dev"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcmark-dev; }

## Regenerate docs/ and Snippets/ from docs-src/ through the plugin.
docs: cmark
	$(SWIFT) package --allow-writing-to-package-directory generate-docs

## Fail with a diff when the committed docs/ and Snippets/ are out of date.
check: cmark
	$(SWIFT) package --allow-writing-to-package-directory generate-docs --check

## Debian packages and the pinned validators in .venv (idempotent, fast when done).
bootstrap:
	bash scripts/bootstrap.sh

## Every test, with the validators on PATH.
test: bootstrap
	PATH="$(CURDIR)/.venv/bin:$$PATH" KEYLESS_REQUIRE_VALIDATORS=1 $(SWIFT) test

build: cmark
	$(SWIFT) build
