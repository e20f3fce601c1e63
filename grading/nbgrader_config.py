"""nbgrader's configuration for the course's graded assignments.

This folder is the nbgrader *course directory*: run every ``nbgrader`` command from here (the Make
targets in the repository's "Grading" section do). What is committed is the configuration and
``source/``, which ``generate.py`` builds from the lessons; ``release/``, ``submitted/``,
``autograded/``, ``feedback/``, ``gradebook.db`` and ``grades.csv`` are made when grading and stay out
of version control (they hold students' work and marks).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "lessons")]

from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearHiddenTests, ClearOutput,
                                    DeduplicateIds, GetGrades, IgnorePattern, LimitOutput, OverwriteKernelspec,
                                    SaveAutoGrades)
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor

from course_preprocessors import CheckTestOutputs, GradeInSandbox, OverwriteCellsForJava, RestoreFromSource
from versions import JAVA_STUB

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

c.CourseDirectory.course_id = "transformer-in-java"

# `nbgrader collect` from the exchange takes, for each student, the newest submission that student's
# own account made: a folder in the exchange named for another learner is left out with an error in
# the log (nbgrader's own collect only warns, and grades it). See course_exchange.py.
c.ExchangeFactory.collect = "course_exchange.OwnerCheckedCollect"

# The release replaces every solution region with a stub that throws, so an untouched exercise fails
# its test instead of passing silently (nbgrader's default Java stub is a bare comment). It is the
# same stub as the lessons' student versions use.
c.ClearSolutions.code_stub = {"java": JAVA_STUB}

# Every notebook runs on the course's Java kernel. Autograde puts the source's kernelspec back into
# each submission, so the grading machine needs a kernel of exactly this name (`make setup`).
c.Execute.kernel_name = "java"

# Each cell gets at most this many seconds; a cell that runs longer (an infinite loop) is interrupted
# and scores 0, and the rest of the notebook is still graded.
c.Execute.timeout = 60
# Starting the JVM with the kit on its classpath takes a few seconds, more on a busy machine.
c.Execute.startup_timeout = 120
# After a cell's reply, nbgrader waits this long for the rest of its output and fails the cell if it
# does not come (nbclient's default is 4 s): on a busy hub that failed a learner's Validate.
c.Execute.iopub_timeout = 30
# After the last cell the kernel's whole process group (the launcher and the JVM) is killed at once:
# there is nothing to save, and a graceful shutdown waits seconds for a JVM that may still be busy.
c.Execute.shutdown_kernel = "immediate"

# A flood of output from a cell is cut, not fatal: nbgrader would abandon the whole submission when the
# kernel's messages (JJava sends each println as its own) took more than 4 s to arrive after the cell
# finished. LimitOutput below cuts what is kept to 1,000 lines per cell.
c.Execute.raise_on_iopub_timeout = False
c.Execute.iopub_timeout = 30

# Autograde as nbgrader does, with three changes (see course_preprocessors.py): each kernel runs in a
# bubblewrap sandbox that hides the course directory (the hidden tests, the gradebook, the other
# students) and takes every process it started with it; a kernel killed by System.exit no longer
# abandons the submission; and a test cell scores only with the outputs of passing checks, checked
# before LimitOutput could cut a late write to stderr.
c.Autograde.autograde_preprocessors = [
    GradeInSandbox,
    CheckTestOutputs,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]

# Before running anything, autograde rebuilds each submission from the source: every cell that is not
# a solution comes back as the instructor wrote it, and the student's code is screened (declarations
# of names the tests use, forbidden APIs and magics are left out, with a note in the feedback).
# nbgrader's own checks follow.
c.Autograde.sanitize_preprocessors = [
    RestoreFromSource,
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCellsForJava,
    CheckCellMetadata,
]
c.OverwriteCellsForJava.add_missing_cells = True

# Feedback is the autograded notebook as HTML with its scores. Hidden tests stay hidden in it: their
# code is removed (their failures still show, with messages that never reveal expected values), so
# the same hidden tests can be used again next term.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
