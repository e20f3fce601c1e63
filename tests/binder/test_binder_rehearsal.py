"""Binder's build, rehearsed: apt.txt, a fresh environment, postBuild as a user without root, lessons run.

The steps and what they cannot prove are in workshop/binder_rehearsal.py and docs/workshop.md. Docker
is not available here, so the rehearsal replays repo2docker's steps on this machine instead. It runs in
the background from the start of the test run (conftest.py); its output is in build/binder-rehearsal.log.
"""


def test_binder_build_gives_a_kernel_that_runs_lessons_01_and_10(rehearsal):
    returncode, output = rehearsal
    print(output)
    assert returncode == 0, output[-8000:]
    for lesson in ("01", "10"):
        assert f"lesson {lesson}: ran cleanly" in output, output[-3000:]
