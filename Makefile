# jenkins_sdk — every task a developer or CI runs.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# pip >= 25.1 installs PEP 735 dependency groups itself (--group); older pips get the group's
# requirements from .ci/groups.py.
PIP_GROUP = $(PY) -m pip install -q -e '.[cli]' --group $(1) || \
	$(PY) -m pip install -q -e '.[cli]' $$($(PY) .ci/groups.py $(1))

.PHONY: install demo test check lint fmt type regen check-regen pytest docs dist bench bench-quick \
	soak record clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(call PIP_GROUP,dev)
	touch $(STAMP)

install: $(STAMP)  ## create .venv: the project (editable, cli extra) and the dev dependency group

demo: $(STAMP)  ## the main job: a tour of the SDK against the bundled Jenkins emulator
	$(PY) -m jenkins_sdk.demo

test: check  ## the README's test command: the whole gate

check: lint type check-regen pytest  ## ruff + mypy --strict + regen check + pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/ruff format --no-cache --check .

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

type: $(STAMP)
	$(VENV)/bin/mypy

regen: $(STAMP)  ## regenerate jenkins_sdk/models/_generated from schemas/
	$(PY) -m codegen

check-regen: regen  ## fail if regenerating changed anything (untracked files included)
	@if [ -n "$$(git status --porcelain -- jenkins_sdk/models/_generated)" ]; then \
		git status --porcelain -- jenkins_sdk/models/_generated; \
		echo "generated models are stale: run make regen and commit"; exit 1; fi

pytest: $(STAMP)
	$(PY) -m pytest -m "not slow" -p no:randomly

docs: $(STAMP)  ## the documentation site in docs/_build/html (strict: any warning or broken reference fails)
	rm -rf docs/_build
	$(VENV)/bin/sphinx-build -q -W --keep-going -n -b html docs docs/_build/html
	@echo "docs: open docs/_build/html/index.html"

dist: $(STAMP)  ## sdist + wheel in dist/
	rm -rf dist
	$(PY) -m build -q --outdir dist .

bench: $(STAMP)  ## full benchmarks (minutes): ours vs bare requests vs peers; PASS/FAIL per target
	$(call PIP_GROUP,bench)
	$(PY) -m bench
	-$(PY) bench/bench_models.py
	-$(PY) bench/bench_replay.py
	-$(PY) bench/bench_stream.py --size-mb 1024
	-$(PY) bench/bench_diagnose.py
	-$(PY) bench/bench_tail.py

bench-quick: $(STAMP)
	$(call PIP_GROUP,bench)
	$(PY) -m bench --quick

soak: $(STAMP)  ## fault soak: 16 threads, >= 5,000 operations, faults on
	$(PY) -m pytest -m slow tests/soak -p no:randomly -q

record: $(STAMP)  ## re-record every file in recordings/ against the emulator
	$(PY) -m tools.recorder recordings

clean:
	rm -rf $(VENV) build dist docs/_build .mypy_cache .ruff_cache .pytest_cache
