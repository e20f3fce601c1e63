"""A real JupyterHub on this machine, for a class of local Unix users: ``CourseHub``.

It is the hub a small class would run on one server, started and stopped from Python so that the
class tests (``tests/hub/``) and the capacity measurement (``workshop/hub_capacity.py``) can drive it:

* **JupyterHub** (``tests/hub/requirements.txt``) with **configurable-http-proxy** from npm
  (``tests/hub/package.json`` and its lock file), on 127.0.0.1 only;
* JupyterHub's **dummy authenticator** (no passwords to manage: the test logs in through tokens the
  hub issues) and its **local-process spawner**, so each learner's server runs as that learner's own
  Unix user, in that user's own home, as on a hub a school runs on one machine;
* one **environment** every user can run (``binder/requirements.txt`` plus JupyterHub, built from
  ``/usr/bin/python3`` under ``/var/tmp``, because the project's ``.venv`` may sit in a home other
  users cannot enter), built once and reused while the requirement lists are unchanged;
* the kit's jars copied where every user can read them, and the course's ``java`` kernel installed on
  them (``kernel/install_kernel.py --prefix --classpath``), found by every server through
  ``JUPYTER_PATH``;
* **nbgrader's exchange** in a folder of mode 1777, named with the course id in a global
  ``nbgrader_config.py`` that every user's nbgrader reads (``JUPYTER_CONFIG_PATH``);
* an instructor and learners, created with ``useradd`` for the run and removed with ``userdel``
  afterwards, with every process they own.

Everything lives in one folder under ``/tmp`` (the hub's database, the exchange, the homes), removed
by ``close()``. It needs root (to create users and to let the hub start servers as them), ``npm``
and ``/usr/bin/python3`` with its ``venv`` module.

    with CourseHub(["ada", "ben"]) as hub:
        hub.spawn("ada")
        hub.server("ada", "GET", "/assignments", params={"course_id": hub.course_id})
"""

import fcntl
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HUB_FILES = ROOT / "tests" / "hub"
REQUIREMENTS = [ROOT / "binder" / "requirements.txt", HUB_FILES / "requirements.txt"]
PROXY_FILES = [HUB_FILES / "package.json", HUB_FILES / "package-lock.json"]
KIT = ROOT / "kernel" / "target" / "kernel-classpath"
CACHE = Path("/var/tmp/transformer-course-hub")
SYSTEM_PYTHON = Path("/usr/bin/python3")
COURSE_ID = "transformer-in-java"
SERVICE = "course-admin"
DEFAULT_JVM_OPTIONS = "-ea -Djava.awt.headless=true"


class HubError(RuntimeError):
    pass


def say(message: str) -> None:
    print(f"hub: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def digest(paths, extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _locked_build(target: Path, build) -> Path:
    """Build ``target`` once (``build(target)``), under a lock, so that runs in parallel share it."""
    CACHE.mkdir(parents=True, exist_ok=True)
    os.chmod(CACHE, 0o755)
    with open(CACHE / (target.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / ".complete").exists():
            shutil.rmtree(target, ignore_errors=True)
            started = time.perf_counter()
            build(target)
            (target / ".complete").touch()
            say(f"built {target} in {time.perf_counter() - started:.0f} s")
    return target


def environment() -> Path:
    """The Python environment of the hub and of every user's server (built once per requirement lists)."""
    if not SYSTEM_PYTHON.exists():
        raise HubError(f"the hub's environment is built from {SYSTEM_PYTHON}, which this machine lacks")

    def build(target):
        subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", str(target)], check=True, capture_output=True)
        args = [str(target / "bin" / "pip"), "install", "-q"]
        for r in REQUIREMENTS:
            args += ["-r", str(r)]
        result = subprocess.run(args, capture_output=True, text=True)
        if result.returncode:
            raise HubError(f"pip install for the hub's environment failed:\n{result.stderr[-3000:]}")
        subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)

    version = subprocess.run([str(SYSTEM_PYTHON), "--version"], capture_output=True, text=True).stdout
    return _locked_build(CACHE / f"env-{digest(REQUIREMENTS, version)}", build)


def proxy() -> Path:
    """configurable-http-proxy from npm, at the version of tests/hub/package-lock.json."""
    if not shutil.which("npm"):
        raise HubError("configurable-http-proxy is installed with npm, which is not on the PATH")

    def build(target):
        target.mkdir(parents=True)
        for f in PROXY_FILES:
            shutil.copy(f, target / f.name)
        result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=target,
                                capture_output=True, text=True)
        if result.returncode:
            raise HubError(f"npm ci of configurable-http-proxy failed:\n{result.stderr[-3000:]}")

    return _locked_build(CACHE / f"proxy-{digest(PROXY_FILES)}", build) / "node_modules" / ".bin" / "configurable-http-proxy"


class CourseHub:
    """A running JupyterHub with an instructor and learners (see the module's docstring).

    ``learners`` and ``instructor`` are the names people have in the class; each becomes a Unix user
    (and hub user) ``<prefix>-<name>``, the prefix being new for every hub so that parallel runs never
    meet. ``jvm_options`` are the ``java`` kernel JVM's options; ``kernels`` maps the names of more
    kernels, each the ``java`` kernel with other JVM options, to their options (to compare JVM
    settings on one hub); ``extra_env`` is added to every server's environment (and its kernels').
    """

    def __init__(self, learners, instructor="ins", jvm_options=DEFAULT_JVM_OPTIONS, kernels=None,
                 extra_env=None, start_timeout=300):
        if os.geteuid() != 0:
            raise HubError("CourseHub creates Unix users and starts servers as them: run it as root")
        if not (KIT / ".built").exists() and not list(KIT.glob("transformer-kit-jupyter*.jar")):
            raise HubError(f"no kit jars in {KIT}: run 'make setup' first")
        self.prefix = "c" + secrets.token_hex(3)
        self.names = {n: f"{self.prefix}-{n}" for n in [instructor, *learners]}
        self.instructor, self.learners = instructor, list(learners)
        self.course_id = COURSE_ID
        self.jvm_options, self.extra_env, self.start_timeout = jvm_options, dict(extra_env or {}), start_timeout
        self.kernels = dict(kernels or {})
        self.created_users, self.hub, self.tokens = [], None, {}
        self.timings = {}
        self.dir = None

    # -- start ------------------------------------------------------------------------------------
    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        started = time.perf_counter()
        self.env, chp = environment(), proxy()
        self.timings["environment"] = time.perf_counter() - started
        self.dir = Path(tempfile.mkdtemp(prefix=f"course-hub-{self.prefix}-", dir="/tmp"))
        os.chmod(self.dir, 0o755)
        for sub in ("hub", "home", "etc/jupyter", "share/jupyter"):
            (self.dir / sub).mkdir(parents=True)
        os.chmod(self.dir / "hub", 0o700)
        self.exchange = self.dir / "exchange"
        self.exchange.mkdir()
        os.chmod(self.exchange, 0o1777)

        shutil.copytree(KIT, self.dir / "kit", ignore=shutil.ignore_patterns(".*"))
        subprocess.run(["chmod", "-R", "a+rX", str(self.dir / "kit"), str(self.dir / "share")], check=True)
        result = subprocess.run([str(self.env / "bin" / "python"), str(ROOT / "kernel" / "install_kernel.py"),
                                 "--prefix", str(self.dir), "--classpath", str(self.dir / "kit"),
                                 "--jvm-options", self.jvm_options], capture_output=True, text=True)
        if result.returncode:
            raise HubError(f"installing the java kernel for the hub failed:\n{result.stdout}{result.stderr}")
        kernels = self.dir / "share" / "jupyter" / "kernels"
        for name, options in self.kernels.items():
            shutil.copytree(kernels / "java", kernels / name)
            spec = json.loads((kernels / name / "kernel.json").read_text())
            spec["env"]["JJAVA_JVM_OPTS"] = options
            spec["display_name"] += f" ({options})"
            (kernels / name / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
        subprocess.run(["chmod", "-R", "a+rX", str(self.dir / "share")], check=True)
        (self.dir / "etc" / "jupyter" / "nbgrader_config.py").write_text(
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.course_id = {self.course_id!r}\n"
            f"c.Exchange.root = {str(self.exchange)!r}\n"
            "# Validate in a learner's server runs the notebook with these limits, as grading does: on a busy\n"
            "# machine nbclient's default 4 s wait for a cell's last output fails cells that passed.\n"
            "c.Execute.timeout = 60\n"
            "c.Execute.startup_timeout = 120\n"
            "c.Execute.iopub_timeout = 30\n"
            "# Autograding runs each kernel in a sandbox whose /tmp is empty: it must still see the kit's jars\n"
            "# and the kernel, which this hub keeps under /tmp (and nothing else of it, not the homes).\n"
            f"c.GradeInSandbox.visible_paths = {[str(self.dir / 'kit'), str(self.dir / 'share')]!r}\n")
        subprocess.run(["chmod", "-R", "a+rX", str(self.dir / "etc")], check=True)

        for name in self.names.values():
            home = self.dir / "home" / name
            subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                            "--comment", "course hub test user", name], check=True, capture_output=True)
            self.created_users.append(name)
            os.chmod(home, 0o700)

        self.url = f"http://127.0.0.1:{free_port()}"
        self.service_token = secrets.token_hex(32)
        config = self.dir / "hub" / "jupyterhub_config.py"
        config.write_text(self._config(chp))
        env = {"PATH": f"{self.env / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
               "HOME": str(self.dir / "hub")}
        self.hub_log = open(self.dir / "hub" / "jupyterhub.log", "w")
        self.hub = subprocess.Popen([str(self.env / "bin" / "jupyterhub"), "-f", str(config)],
                                    cwd=self.dir / "hub", env=env, stdout=self.hub_log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        deadline = time.monotonic() + 120
        while True:
            if self.hub.poll() is not None:
                raise HubError(f"JupyterHub exited with {self.hub.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/")
                break
            except (OSError, HubError):
                if time.monotonic() > deadline:
                    raise HubError(f"JupyterHub did not answer within 120 s:\n{self.log_tail()}")
                time.sleep(0.3)
        # The hub adds its allowed users to its database as it starts.
        self.timings["hub"] = time.perf_counter() - started - self.timings["environment"]
        say(f"hub at {self.url} in {self.timings['hub']:.1f} s, users {', '.join(self.names.values())}")
        return self

    def _config(self, chp: Path) -> str:
        environment = {"JUPYTER_PATH": str(self.dir / "share" / "jupyter"),
                       "JUPYTER_CONFIG_PATH": str(self.dir / "etc" / "jupyter"),
                       "PATH": f"{self.env / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                       **self.extra_env}
        users = sorted(self.names.values())
        return f"""# Written by workshop/hub.py for one run of the course's test hub.
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = {self.url + '/'!r}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(chp)!r}]
c.JupyterHub.db_url = "sqlite:///{self.dir / 'hub' / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(self.dir / 'hub' / 'jupyterhub_cookie_secret')!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [{str(self.env / 'bin' / 'jupyterhub-singleuser')!r}]
c.Spawner.ip = "127.0.0.1"
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.environment = {environment!r}
c.Spawner.start_timeout = {self.start_timeout}
c.Spawner.http_timeout = {self.start_timeout}
c.JupyterHub.services = [{{"name": {SERVICE!r}, "api_token": {self.service_token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": {SERVICE!r},
    "scopes": ["admin:users", "admin:servers", "tokens", "read:users"],
    "services": [{SERVICE!r}],
}}]
"""

    # -- talking to the hub and to servers ---------------------------------------------------------
    def _request(self, method, url, token, body=None, params=None, form=None, timeout=600):
        if params:
            url += "?" + urllib.parse.urlencode(params)
        headers = {"Authorization": f"token {token}"}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif form is not None:
            data, headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as e:
            raise HubError(f"{method} {url}: HTTP {e.code}: {e.read().decode(errors='replace')[:2000]}") from e
        return status, (json.loads(text) if text.strip() else None)

    def api(self, method, path, body=None, **kw):
        """A call to the hub's REST API as the admin service; the decoded JSON answer."""
        return self._request(method, f"{self.url}/hub/api{path}", self.service_token, body=body, **kw)[1]

    def user(self, name) -> str:
        """The Unix and hub name of a person of the class."""
        return self.names[name]

    def token(self, name) -> str:
        """A token of this person's own, issued by the hub (what their browser session would carry)."""
        if name not in self.tokens:
            answer = self.api("POST", f"/users/{self.user(name)}/tokens", body={"note": "course hub test"})
            self.tokens[name] = answer["token"]
        return self.tokens[name]

    def spawn(self, name, timeout=None) -> float:
        """Start this person's server through the hub and wait until it is ready; the seconds it took."""
        user, started = self.user(name), time.perf_counter()
        self.api("POST", f"/users/{user}/server")
        deadline = time.monotonic() + (timeout or self.start_timeout)
        while True:
            server = (self.api("GET", f"/users/{user}").get("servers") or {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - started
            if not server and time.monotonic() > started + 5 and not self._pending(user):
                raise HubError(f"the server of {user} stopped while starting:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise HubError(f"the server of {user} was not ready in {timeout or self.start_timeout} s:\n"
                               + self.log_tail())
            time.sleep(0.3)

    def _pending(self, user) -> bool:
        return bool(self.api("GET", f"/users/{user}").get("pending"))

    def spawn_all(self, names) -> dict:
        with ThreadPoolExecutor(len(names)) as pool:
            return dict(zip(names, pool.map(self.spawn, names)))

    def server(self, name, method, path, as_=None, **kw):
        """A call to ``name``'s server through the hub's proxy, with the token of ``as_`` (default: name)."""
        url = f"{self.url}/user/{self.user(name)}{path}"
        return self._request(method, url, self.token(as_ or name), **kw)[1]

    def server_status(self, name, method, path, as_=None, **kw) -> int:
        """The HTTP status of a call to ``name``'s server (for checking who may call it)."""
        try:
            return self._request(method, f"{self.url}/user/{self.user(name)}{path}", self.token(as_ or name), **kw)[0]
        except HubError as e:
            return int(str(e).split("HTTP ", 1)[1].split(":", 1)[0])

    def home(self, name) -> Path:
        return Path(pwd.getpwnam(self.user(name)).pw_dir)

    def run_as(self, name, command, cwd=None, timeout=1800, env=None):
        """Run a command as this person's Unix user, in their home, with the servers' environment."""
        account = pwd.getpwnam(self.user(name))
        environment = {"HOME": account.pw_dir, "USER": account.pw_name, "LOGNAME": account.pw_name,
                       "LANG": "C.UTF-8", "PATH": f"{self.env / 'bin'}:/usr/local/bin:/usr/bin:/bin",
                       "JUPYTER_PATH": str(self.dir / "share" / "jupyter"),
                       "JUPYTER_CONFIG_PATH": str(self.dir / "etc" / "jupyter"), **self.extra_env, **(env or {})}
        return subprocess.run([str(c) for c in command], cwd=cwd or account.pw_dir, env=environment,
                              user=account.pw_uid, group=account.pw_gid, extra_groups=[],
                              capture_output=True, text=True, timeout=timeout)

    def pids(self, name) -> list:
        """The processes running as this person's Unix user."""
        return self._uid_pids(pwd.getpwnam(self.user(name)).pw_uid)

    def log_tail(self, chars=4000) -> str:
        try:
            return (self.dir / "hub" / "jupyterhub.log").read_text()[-chars:]
        except OSError:
            return "(no hub log)"

    # -- stop --------------------------------------------------------------------------------------
    def close(self):
        """Stop the hub, its proxy and every server and kernel; remove the users and the run's folder."""
        if self.hub and self.hub.poll() is None:
            self.hub.send_signal(signal.SIGTERM)  # the hub stops the servers it started, then the proxy
            try:
                self.hub.wait(60)
            except subprocess.TimeoutExpired:
                pass
        if self.hub:
            try:
                os.killpg(self.hub.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.hub.wait()
            self.hub_log.close()
        for name in self.created_users:
            uid = pwd.getpwnam(name).pw_uid
            for _ in range(50):
                alive = self._uid_pids(uid)
                if not alive:
                    break
                for pid in alive:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                time.sleep(0.1)
            subprocess.run(["userdel", "--force", name], capture_output=True)
        self.created_users = []
        if self.dir and os.environ.get("COURSE_HUB_KEEP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)
        elif self.dir:
            say(f"kept {self.dir}")

    @staticmethod
    def _uid_pids(uid) -> list:
        found = []
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    if proc.stat().st_uid == uid:
                        found.append(int(proc.name))
                except OSError:
                    pass
        return found
