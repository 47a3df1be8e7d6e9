# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit validate generate package bench load clean
# The deploy tool (npm), pinned; tests/test_package.py reads this line.
OSLS := osls@4.3.1
SLS_ENV := npm_config_fetch_retries=0 npm_config_fetch_timeout=20000 \
	SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off \
	AWS_ACCESS_KEY_ID=dummy AWS_SECRET_ACCESS_KEY=dummy AWS_REGION=us-east-1

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

PORT ?= 5000
HOST ?= 127.0.0.1

run: $(STAMP)  ## start the skill locally in development mode (no signature checks)
	$(BIN)/routine-skill serve --dev --host $(HOST) --port $(PORT)

test: lint validate unit  ## every check: lint, types, content, tests

lint: $(STAMP)
	$(BIN)/ruff check skill tests
	$(BIN)/ruff format --check skill tests
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/routine-skill validate routines
	$(BIN)/routine-skill build-model --check
	$(BIN)/routine-skill corpus tests/corpus/phrasings.yaml --dir tests/fixtures/content

unit: $(STAMP)
	$(BIN)/pytest

package: $(STAMP)  ## the Lambda zip, then the CloudFormation template, offline
	$(BIN)/routine-skill package-lambda -o build/lambda.zip
	@test -n "$$SKILL_ID" || echo "make package: SKILL_ID is not set, so the Alexa trigger \
	accepts only the placeholder skill id amzn1.ask.skill.00000000-...: set SKILL_ID before \
	deploying" >&2
	@$(SLS_ENV) npx --yes --prefer-offline $(OSLS) package || { echo "make package: $(OSLS) \
	did not run (it comes from npm: offline, with no copy cached?)" >&2; exit 1; }

bench: $(STAMP)  ## measurements against a bare ask-sdk skill (not part of make test)
	$(BIN)/python tests/bench/run.py

load: $(STAMP)  ## a production server under locust, then a check of the store (not in make test)
	$(BIN)/pip install --quiet -e '.[load]'
	$(BIN)/python tests/load/run.py

generate: $(STAMP)  ## rewrite the generated files after changing routines/ or the samples
	$(BIN)/routine-skill build-model
	$(BIN)/routine-skill schema --write routines/schema

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build .serverless
