"""A class on a real JupyterHub: nbgrader's exchange end to end, as the people in it would use it.

The instructor (Unix user ``…-ins``) releases assignment 3 from a course directory in their own home.
Three learners, each with their own Unix account, home and server started by the hub, fetch it,
work on it and submit it through nbgrader's REST handlers in their own servers (what JupyterLab's
Assignments tab calls): ada solves every exercise, cy all but the last, ben hands it back untouched.
Each validates before submitting (the Validate button), which runs the notebook on the ``java``
kernel inside the learner's server. Then ben cheats: he puts a submission named for ada, newer than
hers, into the exchange (its inbound folder is writable by everyone). The instructor collects,
autogrades, generates and releases the feedback; each learner fetches their own. The steps' times
go to ``build/hub-class.md``.

The tests then check the scores (worked out from the source's points), what each learner's server
shows them, and what the file system lets a learner read: nothing of another learner's, and nothing
of the instructor's course directory.
"""

import html
import pwd
import re
import subprocess
import time
from datetime import datetime, timedelta, timezone
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from submissions import grade_ids, solution_ids, solved  # grading/, put on sys.path by conftest.py

ROOT = Path(__file__).resolve().parents[2]
LEARNERS = ("ada", "ben", "cy")  # the hub fixture's learners (conftest.py)

ASSIGNMENT = "a3-encoder-and-decoder-layers"
SOURCE = ROOT / "grading" / "source" / ASSIGNMENT
TIMES = ROOT / "build" / "hub-class.md"


def source_notebook():
    (path,) = SOURCE.glob("*.ipynb")
    return path, nbformat.read(path, as_version=4)


def points():
    _, nb = source_notebook()
    return {c.metadata.nbgrader.grade_id: float(c.metadata.nbgrader.points) for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade")}


class Flow:
    """What the class did, step by step, with each step's time."""

    def __init__(self, hub):
        self.hub, self.steps, self.listings, self.validations = hub, [], {}, {}
        self.notebook_name = source_notebook()[0].name

    def step(self, what, action):
        started = time.perf_counter()
        result = action()
        self.steps.append((what, time.perf_counter() - started))
        return result

    def each(self, action):
        with ThreadPoolExecutor(len(LEARNERS)) as pool:
            return dict(zip(LEARNERS, pool.map(action, LEARNERS)))

    def instructor(self, *args):
        result = self.hub.run_as(self.hub.instructor, ["nbgrader", *args], cwd=self.course / "grading")
        assert result.returncode == 0, f"nbgrader {' '.join(args)} as the instructor:\n{result.stdout}{result.stderr}"
        return result

    def assignments(self, name):
        answer = self.hub.server(name, "GET", "/assignments", params={"course_id": self.hub.course_id})
        assert answer["success"], answer
        return {a["assignment_id"]: a for a in answer["value"]}

    def action(self, name, what):
        answer = self.hub.server(name, "POST", f"/assignments/{what}",
                                 form={"course_id": self.hub.course_id, "assignment_id": ASSIGNMENT})
        assert answer.get("success"), f"{what} as {name}: {answer}"
        return {a["assignment_id"]: a for a in answer["value"]}

    def prepare_course(self):
        """The instructor's course directory: the course's nbgrader setup and this assignment's source."""
        home = self.hub.home(self.hub.instructor)
        self.course = home / "course"
        grading = self.course / "grading"
        (grading / "source").mkdir(parents=True)
        for f in ("nbgrader_config.py", "course_preprocessors.py", "course_exchange.py", "Declarations.java"):
            (grading / f).write_bytes((ROOT / "grading" / f).read_bytes())
        (self.course / "lessons").mkdir()
        (self.course / "lessons" / "versions.py").write_bytes((ROOT / "lessons" / "versions.py").read_bytes())
        (grading / "source" / ASSIGNMENT).mkdir()
        path, _ = source_notebook()
        (grading / "source" / ASSIGNMENT / path.name).write_bytes(path.read_bytes())
        user = self.hub.user(self.hub.instructor)
        subprocess.run(["chown", "-R", f"{user}:{user}", str(self.course)], check=True)

    def work(self, name):
        """The learner opens the fetched notebook, writes their answers, and saves it (Contents API)."""
        path = f"{ASSIGNMENT}/{self.notebook_name}"
        model = self.hub.server(name, "GET", f"/api/contents/{path}", params={"content": "1"})
        released = nbformat.from_dict(model["content"])
        _, source = source_notebook()
        exercises = solution_ids(released)
        if name == "ada":
            nb = solved(released, source)
        elif name == "cy":
            nb = solved(released, source, leave=exercises[-1:])
        else:
            return None  # ben hands the release back as it is
        self.hub.server(name, "PUT", f"/api/contents/{path}",
                        body={"type": "notebook", "format": "json", "content": nb})
        return None

    def validate(self, name):
        return self.hub.server(name, "POST", "/assignments/validate",
                               form={"path": f"{ASSIGNMENT}/{self.notebook_name}"})

    def forge(self):
        """Ben copies his own notebook into the inbound folder under ada's name, a minute in the future."""
        inbound = self.hub.exchange / self.hub.course_id / "inbound"
        stamp = (datetime.now(timezone.utc) + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        forged = inbound / f"{self.hub.user('ada')}+{ASSIGNMENT}+{stamp}+forgedforged"
        mine = self.hub.home("ben") / ASSIGNMENT / self.notebook_name
        script = ("import os, shutil, sys; d = sys.argv[1]; os.makedirs(d); shutil.copy(sys.argv[2], d); "
                  "open(os.path.join(d, 'timestamp.txt'), 'w').write(sys.argv[3])")
        result = self.hub.run_as("ben", ["python", "-c", script, forged, mine, stamp])
        assert result.returncode == 0, f"ben could not write into the inbound folder: {result.stderr}"
        return forged

    def run(self):
        hub = self.hub
        self.steps.append(("hub started (environment ready)", hub.timings["hub"]))
        self.step("instructor: course directory, generate_assignment", lambda: (
            self.prepare_course(), self.instructor("generate_assignment", ASSIGNMENT, "--force")))
        self.step("instructor: release_assignment to the exchange",
                  lambda: self.instructor("release_assignment", ASSIGNMENT))
        self.spawn_times = self.step("3 learners' servers spawned through the hub (at once)",
                                     lambda: hub.spawn_all(list(LEARNERS)))
        self.listings["released"] = self.each(self.assignments)
        self.step("3 learners: fetch (REST, at once)", lambda: self.each(lambda n: self.action(n, "fetch")))
        self.step("3 learners: work, saved through the Contents API", lambda: self.each(self.work))
        self.validations = self.step("3 learners: validate on the java kernel in their servers (at once)",
                                     lambda: self.each(self.validate))
        self.listings["submitted"] = self.step("3 learners: submit (REST, at once)",
                                               lambda: self.each(lambda n: self.action(n, "submit")))
        self.forged = self.step("ben: a submission named for ada into the exchange", self.forge)
        self.collect_log = self.step("instructor: collect", lambda: self.instructor("collect", ASSIGNMENT)).stderr
        self.step("instructor: autograde (3 submissions)", lambda: self.instructor("autograde", ASSIGNMENT, "--force"))
        self.step("instructor: generate_feedback", lambda: self.instructor("generate_feedback", ASSIGNMENT, "--force"))
        self.step("instructor: release_feedback", lambda: self.instructor("release_feedback", ASSIGNMENT))
        self.listings["feedback"] = self.step("3 learners: fetch_feedback (REST, at once)",
                                              lambda: self.each(lambda n: self.action(n, "fetch_feedback")))
        total = sum(s for _, s in self.steps)
        TIMES.parent.mkdir(exist_ok=True)
        TIMES.write_text("| step | seconds |\n|---|---|\n"
                         + "".join(f"| {what} | {s:.1f} |\n" for what, s in self.steps)
                         + f"| **total** | **{total:.1f}** |\n\nspawn times: "
                         + ", ".join(f"{n} {s:.1f} s" for n, s in self.spawn_times.items()) + "\n")
        print(TIMES.read_text())
        return self


@pytest.fixture(scope="module")
def flow(hub):
    return Flow(hub).run()


def expected_scores():
    full = points()
    _, source = source_notebook()
    last_test = solution_ids(source)[-1] + "_test"
    assert set(full) == set(grade_ids(source)) and last_test in full
    return {"ada": sum(full.values()), "cy": sum(full.values()) - full[last_test], "ben": 0.0}


def test_autograde_gives_each_learner_the_score_of_their_work(hub, flow):
    with Gradebook(f"sqlite:///{flow.course / 'grading' / 'gradebook.db'}") as gb:
        scores = {name: gb.find_submission(ASSIGNMENT, hub.user(name)).score for name in LEARNERS}
        students = sorted(s.id for s in gb.students)
    assert students == sorted(hub.user(n) for n in LEARNERS)
    assert scores == pytest.approx(expected_scores())


def test_the_learners_servers_run_the_java_kernel_and_validate_says_what_fails(flow):
    ada, ben, cy = (flow.validations[n] for n in ("ada", "ben", "cy"))
    for name, answer in flow.validations.items():
        assert answer["success"], f"validate in {name}'s server: {answer}"
    # nbgrader's Validator reports failed cells by their source; an answer without any passes.
    assert not ada["value"].get("failed"), ada
    assert len(cy["value"].get("failed", [])) == 1, cy
    assert len(ben["value"].get("failed", [])) == len(points()), ben


def test_each_learner_sees_the_release_then_only_their_own_submission_and_feedback(hub, flow):
    for name in LEARNERS:
        released = flow.listings["released"][name][ASSIGNMENT]
        assert released["status"] == "released", released
        submitted = flow.listings["submitted"][name][ASSIGNMENT]
        assert submitted["status"] == "submitted" and len(submitted["submissions"]) == 1, submitted
        assert {s["student_id"] for s in submitted["submissions"]} == {hub.user(name)}
        after = flow.listings["feedback"][name][ASSIGNMENT]["submissions"]
        assert [s["has_local_feedback"] for s in after] == [True], after
        assert {s["student_id"] for s in after} == {hub.user(name)}


def test_each_learner_has_their_own_feedback_with_their_own_score(hub, flow):
    scores = expected_scores()
    for name in LEARNERS:
        found = sorted((hub.home(name) / ASSIGNMENT / "feedback").glob("*/*.html"))
        assert len(found) == 1, f"{name}'s feedback files: {found}"
        text = html.unescape(found[0].read_text())
        stem = Path(flow.notebook_name).stem
        shown = re.search(rf"{re.escape(stem)} \(Score: ([0-9.]+) / ([0-9.]+)\)", text)
        assert shown, f"no score line in {found[0]}"
        assert float(shown.group(1)) == pytest.approx(scores[name])
        assert float(shown.group(2)) == pytest.approx(sum(points().values()))
        for other in set(LEARNERS) - {name}:
            assert hub.user(other) not in text


def _denied(hub, name, command):
    result = hub.run_as(name, command)
    return result.returncode != 0 and "Permission denied" in result.stderr, result


def test_a_learner_cannot_read_another_learners_work_or_the_instructors_course(hub, flow):
    exchange = hub.exchange / hub.course_id
    ada_submission = next((exchange / "inbound").glob(f"{hub.user('ada')}+{ASSIGNMENT}+*"))
    checks = {
        "list the exchange's inbound (everyone's submissions)": ["ls", exchange / "inbound"],
        "list the released feedback": ["ls", exchange / "feedback"],
        "list ada's home": ["ls", hub.home("ada")],
        "read ada's own copy of her work": ["cat", hub.home("ada") / ASSIGNMENT / flow.notebook_name],
        "list the instructor's home": ["ls", hub.home(hub.instructor)],
        "read the instructor's source (solutions, hidden tests)":
            ["cat", flow.course / "grading" / "source" / ASSIGNMENT / flow.notebook_name],
        "read the gradebook": ["cat", flow.course / "grading" / "gradebook.db"],
        "read ada's collected submission":
            ["cat", flow.course / "grading" / "submitted" / hub.user("ada") / ASSIGNMENT / flow.notebook_name],
    }
    for what, command in checks.items():
        denied, result = _denied(hub, "ben", command)
        assert denied, f"ben could {what}: exit {result.returncode}, {result.stdout[:300]}{result.stderr[:300]}"
    # The one way to ada's submission in the exchange is its name, which ends in 12 random characters
    # (nbgrader's add_random_string) and which ben cannot list.
    assert re.fullmatch(rf"{re.escape(hub.user('ada'))}\+{ASSIGNMENT}\+[^+]+\+[A-Za-z0-9_-]{{12}}", ada_submission.name)
    result = hub.run_as("ben", ["sh", "-c", f"cat {exchange / 'inbound'}/{hub.user('ada')}+*/*.ipynb"])
    assert result.returncode != 0 and not result.stdout, "ben found ada's submission by a pattern"


def test_collect_leaves_out_a_submission_made_in_another_learners_name(hub, flow):
    assert pwd.getpwuid(flow.forged.stat().st_uid).pw_name == hub.user("ben")
    assert (f"claims to be submitted by {hub.user('ada')} but belongs to {hub.user('ben')}"
            in flow.collect_log), flow.collect_log[-3000:]
    collected = flow.course / "grading" / "submitted" / hub.user("ada") / ASSIGNMENT
    own = hub.home("ada") / ASSIGNMENT / flow.notebook_name
    assert (collected / flow.notebook_name).read_bytes() == own.read_bytes()
    assert (collected / "timestamp.txt").read_text() != (flow.forged / "timestamp.txt").read_text()


def test_a_learners_token_opens_only_their_own_server(hub, flow):
    assert hub.server_status("ada", "GET", "/api/status", as_="ada") == 200
    assert hub.server_status("ada", "GET", "/api/status", as_="ben") == 403
    assert hub.server_status("ada", "GET", "/assignments", as_="ben",
                             params={"course_id": hub.course_id}) == 403
