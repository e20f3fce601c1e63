"""Two of nbgrader's preprocessors, adapted to a Java course. ``nbgrader_config.py`` puts them in
place of the originals.

* ``ExecuteDespiteKernelDeath``: a call to ``System.exit`` (or ``Runtime.halt``, or a crash of the
  JVM) in a student's code kills the kernel. Plain nbgrader then abandons the whole submission: it
  logs "There was an error processing assignment", deletes the autograded copy and records no grades.
  This version records an ``error`` output in the cell that was running and in every code cell after
  it, and runs nothing more. nbgrader's own scoring does the rest: those test cells score 0, and the
  cells that ran before keep their scores.
* ``OverwriteCellsForJava``: when a student deletes a test cell, nbgrader puts it back, but heads it
  with a *Python* comment (``# This cell ... was added back``), which does not compile in Java, so the
  restored test would fail however good the student's code. This version heads it with ``//``.

And one preprocessor of its own, which runs before those:

* ``IgnoreCellsNotInTheAssignment``: a cell that a student marked as a grade cell of their own (with
  a grade_id the assignment does not have, or with none) makes nbgrader fail on the whole submission
  with a KeyError. This strips such a cell's nbgrader metadata, so it runs as an ordinary cell and is
  worth nothing.
"""

from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, OverwriteCells

DIED = "DeadKernelError"


class ExecuteDespiteKernelDeath(Execute):

    def preprocess(self, nb, resources=None, km=None):
        self._died_in = None
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or self._died_in is None:
            try:
                return super().preprocess_cell(cell, resources, index)
            except DeadKernelError:
                self._died_in = index
                self.log.warning("The kernel died in cell %d; the cells after it are not run", index)
                cell.outputs.append(self._error("The Java kernel ended while this cell ran (did the code call "
                                                "System.exit?). This cell and every cell after it score 0."))
                return cell, self.resources
        cell.outputs = [self._error(f"Not run: the Java kernel ended earlier, in cell {self._died_in}.")]
        return cell, self.resources

    @staticmethod
    def _error(message):
        return new_output("error", ename=DIED, evalue=message, traceback=[f"{DIED}: {message}"])


class IgnoreCellsNotInTheAssignment(NbGraderPreprocessor):
    """Strips nbgrader's metadata from every cell whose grade_id the assignment does not have.

    It runs first, before nbgrader's DeduplicateIds and OverwriteCells, which fail on such cells.
    """

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            known = {cell.name for cell in gb.find_notebook(info["notebook"], info["assignment"]).source_cells}
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader")
            if meta is not None and meta.get("grade_id") not in known:
                self.log.warning("Cell %d carries nbgrader metadata the assignment does not have (%s); "
                                 "it is graded as an ordinary cell", index, dict(meta))
                del cell.metadata["nbgrader"]
        return nb, resources


class OverwriteCellsForJava(OverwriteCells):

    def missing_cell_transform(self, source_cell, max_score, is_solution=False, is_task=False):
        cell = super().missing_cell_transform(source_cell, max_score, is_solution=is_solution, is_task=is_task)
        if cell["cell_type"] == "code" and cell["source"].startswith("# "):
            cell["source"] = "// " + cell["source"][2:]
        return cell
