# Two entry points on a fresh clone: `make run` and `make test`.
# Both create .venv with the project and its test extras when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo bench translations dist clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/veiligwijzer

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks

translations: $(STAMP)
	$(BIN)/python -m app.i18n.catalog update

# The one-folder app in dist/veiligwijzer (see packaging/README.md).
dist: $(STAMP)
	$(BIN)/python -m PyInstaller --noconfirm --clean packaging/veiligwijzer.spec

clean:
	rm -rf $(VENV) build *.egg-info
