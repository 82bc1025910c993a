"""Run the `kefu` command: one-shot CLI calls and a `kefu serve` process on a free port."""

import secrets
import subprocess
from pathlib import Path

from bench import harness

from .clients import AgentAccount, Api

SECRET_KEY = "integration-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
IDENTITY_SECRET = "integration-identity-secret"
MAX_MESSAGE_CHARS = 500
CLI_SECONDS = 60


def kefu_env(database_url):
    """The environment of every `kefu` process: only the KEFU_* settings these tests choose."""
    return harness.kefu_env(
        database_url,
        KEFU_ENV="development",
        KEFU_SECRET_KEY=SECRET_KEY,
        KEFU_IDENTITY_SECRET=IDENTITY_SECRET,
        KEFU_MAX_MESSAGE_CHARS=str(MAX_MESSAGE_CHARS),
        # Set but empty, so a developer's .env cannot switch on Redis or demo data here.
        KEFU_REDIS_URL="",
        KEFU_DEMO="0",
        # Routing stays within skill groups: the tests' isolation rests on it.
        KEFU_SKILL_FALLBACK_SECONDS="0",
        # Every visitor of the suite comes from 127.0.0.1: the per-IP default (300 a minute)
        # is a real client's budget, not a test suite's.
        KEFU_RATE_LIMIT_VISITOR_AUTH="10000 per minute",
        # Likewise every agent of the suite logs in from 127.0.0.1.
        KEFU_RATE_LIMIT_LOGIN_IP="10000 per minute",
        KEFU_PASSWORD_HASHING="fast-for-tests",
    )


def run_kefu(*args, env, cwd):
    """Run one `kefu` CLI command to completion; return the CompletedProcess."""
    return subprocess.run(
        [harness.KEFU, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=CLI_SECONDS,
        check=False,
    )


def create_agent_args(email, password, name, skills=None, max_concurrent=None, admin=False):
    """The argument list of `kefu create-agent`."""
    args = ["create-agent", "--email", email, "--password", password, "--name", name]
    if skills is not None:
        args += ["--skills", skills]
    if max_concurrent is not None:
        args += ["--max-concurrent", str(max_concurrent)]
    return [*args, "--admin"] if admin else args


def serve_command(port):
    return [*harness.serve_command(port), "--access-log"]


class KefuServer:
    """A `kefu serve` subprocess on one database, with the accounts the fixture created."""

    def __init__(self, database, workdir, command=None):
        self.database = database
        self.workdir = Path(workdir)
        self.env = kefu_env(database.url)
        # argv for a port: `kefu serve` unless another entry point is under test
        self.serving = harness.ServeProcess(
            self.env, self.workdir, self.workdir / "kefu-serve.log", command or serve_command
        )
        self.admin_credentials = None  # (email, password)
        self.agent_credentials = ()  # ((email, password), ...)
        self.idle_group = None  # a skill group no agent holds: its conversations stay queued
        self.base_url = None
        self.api = None
        self.admin = None  # AgentAccount of the administrator
        self.agents = ()  # AgentAccounts of the two agents made by `kefu create-agent`

    def cli(self, *args):
        """Run a `kefu` command against this server's database; its output goes to the log."""
        result = run_kefu(*args, env=self.env, cwd=self.workdir)
        self._log(f"$ kefu {' '.join(args)}  -> exit {result.returncode}")
        self._log(result.stdout + result.stderr)
        if result.returncode != 0:
            raise RuntimeError(f"kefu {args[0]} failed; log:\n{self.log_text()}")
        return result.stdout.strip()

    def launch(self):
        """Prepare the database, start, and log in; stop again if any of it fails."""
        try:
            self.prepare()
            self.start()
            self.open_session()
        except Exception:
            self.stop()
            raise
        return self

    def prepare(self):
        """Migrate the database and create an admin and two agents with the CLI."""
        self.cli("init-db")
        tag = secrets.token_hex(3)
        admin = (f"admin-{tag}@it.example", "admin-password")
        self.cli(*create_agent_args(*admin, "IT Admin", admin=True))
        agents = []
        for who, skills in (("ann", "it-sales,it-support"), ("ben", "it-billing")):
            credentials = (f"{who}-{tag}@it.example", f"{who}-password")
            self.cli(*create_agent_args(*credentials, who.title(), skills, max_concurrent=3))
            agents.append(credentials)
        self.admin_credentials = admin
        self.agent_credentials = tuple(agents)

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def process(self):
        return self.serving.process

    def start(self):
        """Start on a free port (the harness moves on when one turns out taken)."""
        self.serving.start()
        self.base_url = self.serving.url

    def open_session(self):
        """Log in the accounts the fixture created and keep one HTTP session."""
        self.api = Api(self.base_url)
        self.admin = self.login(*self.admin_credentials)
        self.agents = tuple(self.login(*credentials) for credentials in self.agent_credentials)
        self.idle_group = "it-idle-" + secrets.token_hex(3)
        self.api.expect(
            "POST",
            "/api/skill-groups",
            201,
            token=self.admin.access_token,
            json={"name": self.idle_group},
        )

    def login(self, email, password):
        body = self.api.expect(
            "POST", "/api/agent/login", 200, json={"email": email, "password": password}
        )
        agent = body["agent"]
        return AgentAccount(
            id=agent["id"],
            email=email,
            password=password,
            name=agent["name"],
            skills=tuple(agent["skills"]),
            access_token=body["access_token"],
            refresh_token=body["refresh_token"],
        )

    def create_agent(self, max_concurrent=5, skills=None):
        """Create an agent through the admin API and log it in; unless told otherwise it
        holds one skill group of its own, so only it is routed that group's visitors."""
        tag = secrets.token_hex(4)
        email, password = f"agent-{tag}@it.example", f"pw-{tag}"
        created = self.api.expect(
            "POST",
            "/api/agents",
            201,
            token=self.admin.access_token,
            json={
                "email": email,
                "password": password,
                "name": f"Agent {tag}",
                "skills": list(skills) if skills is not None else [f"it-{tag}"],
                "max_concurrent": max_concurrent,
            },
        )
        account = self.login(email, password)
        assert account.id == created["id"]
        return account

    def stop(self):
        if self.api is not None:
            self.api.close()
            self.api = None
        self.serving.stop()

    # --- log -------------------------------------------------------------------------------

    def _log(self, line):
        self.serving.note(line)

    def log_size(self):
        return self.serving.log_size()

    def log_text(self, since=0):
        return self.serving.log_text(since)

    def died(self):
        """The exit code if the process is gone (it should live until teardown), else None."""
        return self.serving.died()
