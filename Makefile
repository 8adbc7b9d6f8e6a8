# Two entry points on a fresh clone: `make run` and `make test`.
# Both create .venv from the committed lock (requirements/lock.txt, every
# package pinned with its hashes) when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
# One lock for Linux, Windows and macOS, from Python 3.11 up (pyproject's floor).
LOCK_COMMAND := uv pip compile --universal --python-version 3.11 --generate-hashes \
	--extra test pyproject.toml requirements/tools.in -o $(LOCK)

.PHONY: run test test-latest lock demo bench translations dist clean

# pip refuses an editable install under --require-hashes, so the project goes
# in last, without dependencies, built by the locked setuptools.
$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary :all: -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/veiligwijzer

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Refresh the lock to the newest versions pyproject's ranges allow.
lock: $(STAMP)
	$(BIN)/$(LOCK_COMMAND) --upgrade --quiet

# The suite against the newest releases the ranges allow, in a throw-away
# environment: shows an upstream change before a fresh clone meets it.
test-latest:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip setuptools && \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]' && \
	"$$tmp/venv/bin/python" -m pip list --format=freeze | sed 's/^/  /' && \
	QT_QPA_PLATFORM=offscreen VEILIGWIJZER_LATEST=1 "$$tmp/venv/bin/python" -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m benchmarks

translations: $(STAMP)
	$(BIN)/python -m app.i18n.catalog update

# The one-folder app in dist/veiligwijzer (see packaging/README.md).
dist: $(STAMP)
	$(BIN)/python -m PyInstaller --noconfirm --clean packaging/veiligwijzer.spec

clean:
	rm -rf $(VENV) build *.egg-info
