# Two commands: `make lab` opens the course, `make test` proves it works.
# Both set up everything first, and a second run with nothing changed rebuilds nothing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
MVN    := mvn -B -q

# Stamps: each step reruns only when what it depends on has changed.
VENV_STAMP   := $(VENV)/.requirements-installed
KIT_STAMP    := kernel/target/kernel-classpath/.built
KERNEL_STAMP := $(VENV)/share/jupyter/kernels/java/.kit-installed
JAVA_SOURCES := $(shell find lib/src/main kernel/src/main -type f 2>/dev/null) pom.xml lib/pom.xml kernel/pom.xml

.PHONY: setup lab test check prerequisites test-java test-notebooks versions checkpoints clean

# IJAVA_JAR=PATH/TO/ijava-1.3.0.jar: also install the kernel `java-ijava` on it, and run every student
# notebook on it in make test (.ci/run sets it). Unset: JJava only.
IJAVA_JAR    ?=
IJAVA_STAMP  := $(VENV)/share/jupyter/kernels/java-ijava/.kit-installed

setup: $(KERNEL_STAMP) $(if $(IJAVA_JAR),$(IJAVA_STAMP))

$(VENV_STAMP): binder/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r binder/requirements.txt
	touch $@

# Test-only tools (sacrebleu, for the BLEU check), installed for make test, never needed by learners.
TEST_STAMP := $(VENV)/.test-requirements-installed
$(TEST_STAMP): $(VENV_STAMP) tests/requirements.txt
	$(BIN)/python -m pip install -q -r tests/requirements.txt
	touch $@

$(KIT_STAMP): $(JAVA_SOURCES)
	$(MVN) -DskipTests package
	touch $@

$(KERNEL_STAMP): $(VENV_STAMP) $(KIT_STAMP) kernel/install_kernel.py
	$(BIN)/python kernel/install_kernel.py
	touch $@

$(IJAVA_STAMP): $(KERNEL_STAMP) $(IJAVA_JAR)
	$(BIN)/python kernel/install_kernel.py --ijava "$(IJAVA_JAR)"
	touch $@

## Open the course in JupyterLab on localhost.
lab: setup
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--ServerApp.allow_root=True)

## Run every test: the kit's JUnit tests, then every notebook headless on the java kernel, and the rest.
## It first checks, in a second, that the machine has what the tests need (tests/prerequisites.py).
test: prerequisites
	$(MAKE) setup
	$(MAKE) test-java test-notebooks

prerequisites:
	@$(PYTHON) tests/prerequisites.py

## The quick tier for contributors: the kit's JUnit tests, then lessons 01 and 05 in both versions
## (with their wrong answers) on the java kernel. No browser needed.
CHECK_LESSONS ?= 01 05
space := $(subst ,, )
check:
	@$(PYTHON) tests/prerequisites.py --quick
	$(MAKE) setup $(TEST_STAMP)
	$(MAKE) test-java
	$(BIN)/python -m pytest -p no:cacheprovider -q tests/notebooks/test_notebooks.py tests/notebooks/test_wrong_answers.py \
		-k "$(subst $(space), or ,$(strip $(CHECK_LESSONS)))"

test-java:
	mvn -B test

test-notebooks: setup $(TEST_STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider --durations=25 tests

## Regenerate the student and solutions versions of every lesson from lessons/.
versions: $(VENV_STAMP)
	$(BIN)/python lessons/versions.py

## Measure the kit (not a test): attention time against length, training speed against PyTorch.
.PHONY: bench
bench: $(KIT_STAMP)
	benchmarks/run.sh

## Train the models the lessons load into notebooks/checkpoints/; fixed seeds make the same bytes every time.
checkpoints: $(KIT_STAMP)
	java --add-modules jdk.incubator.vector -cp "kernel/target/kernel-classpath/*" transformer.checkpoint.CourseCheckpoints notebooks/checkpoints

clean:
	rm -rf $(VENV) build
	$(MVN) clean

# ---------------------------------------------------------------------------------------------------
# Workshop: the course as a reader and an instructor meet it (docs/workshop.md).
#   make render           every lesson, executed, as a static site in build/site/ (no network needed)
#   make test-browser     Debian's Chromium opens the site and JupyterLab (also part of make test)
#   make rehearse-binder  replay Binder's build from binder/ as a user without root, run lessons 01 and 10
#                         (also part of make test)
#   make budget           time every lesson with its kernel on one core; the table goes into README.md
#   make test-hub         a class on a real JupyterHub: nbgrader's exchange end to end, as root
#                         (also part of make test)
.PHONY: render test-browser rehearse-binder budget test-hub

render: setup
	$(BIN)/python workshop/render.py

test-browser: setup
	$(BIN)/python -m pytest -p no:cacheprovider tests/browser

test-hub: setup
	$(BIN)/python -m pytest -p no:cacheprovider tests/hub

rehearse-binder:
	$(PYTHON) workshop/binder_rehearsal.py

budget: setup
	$(BIN)/python workshop/one_core_budget.py

# ---------------------------------------------------------------------------------------------------
# Grading: the instructor's nbgrader flow (docs/instructors.md). The course directory is grading/;
# every nbgrader command runs there, on the `java` kernel that `make setup` installs.
#   make grading-source                     rebuild grading/source/ from the lessons and manifests
#   make release                            the student versions, in grading/release/
#   make sample-class                       three made-up students' submissions, in build/sample-class/
#   make autograde SUBMISSIONS=<folder>     grade exactly <folder>/<student>/<assignment>/*.ipynb, in a sandbox,
#                                           and print a table of every submission (JOBS=<n>: n side by side)
#   make feedback                           HTML feedback per student, in grading/feedback/
#   make grades                             every score, in grading/grades.csv
# ---------------------------------------------------------------------------------------------------

COURSE      := grading
SUBMISSIONS ?= $(COURSE)/submitted
# nbgrader calls `alembic` (its database migrations) by name, so the venv's bin must be on the PATH
# (grading/autograde.py puts it there for the nbgrader it runs).
NBGRADER    := cd $(COURSE) && PATH="$(abspath $(BIN)):$$PATH" nbgrader

.PHONY: grading-source release sample-class autograde feedback grades

grading-source: $(VENV_STAMP)
	$(BIN)/python $(COURSE)/generate.py

release: setup
	$(BIN)/python $(COURSE)/generate.py --check
	$(NBGRADER) generate_assignment "*" --force

sample-class: release
	$(BIN)/python $(COURSE)/submissions.py $(COURSE)/release build/sample-class

autograde: setup
	$(BIN)/python $(COURSE)/autograde.py "$(SUBMISSIONS)" --course $(COURSE) $(if $(JOBS),--jobs $(JOBS))

feedback: setup
	$(NBGRADER) generate_feedback "*" --force

grades: setup
	$(NBGRADER) export --to=grades.csv
	@echo "grades: $(COURSE)/grades.csv"
