"""The GitHub Actions workflow (.github/workflows/report.yml) is valid and safe.

Nothing runs the workflow before it is pushed, so it is checked here offline:

* check-jsonschema with SchemaStore's github-workflows schema (vendored in
  check-jsonschema) catches misspelled or misplaced keys;
* zizmor, a linter for GitHub Actions, catches security problems (template
  injection, broad token permissions, credentials left on disk, ...), with the
  repository's .github/zizmor.yml;
* a broken copy of the workflow shows that each linter can fail at all;
* the parsed YAML does what the README promises: on a push to main it runs
  `make report` and publishes site/ on GitHub Pages from a separate job.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "report.yml"
ZIZMOR_CONFIG = REPO / ".github" / "zizmor.yml"
# zizmor has no `python -m zizmor`; its binary sits next to this Python.
ZIZMOR = Path(sys.executable).parent / "zizmor"


def _check_schema(workflow: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema"]
        + ["--builtin-schema", "vendor.github-workflows", str(workflow)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _zizmor(workflow: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--color", "never", "--config", str(ZIZMOR_CONFIG)]
        + [str(workflow)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert old in text
    copy = tmp_path / "report.yml"
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def test_workflow_matches_github_workflow_schema():
    result = _check_schema(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_has_no_findings():
    result = _zizmor(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_fails_on_misspelled_key(tmp_path):
    broken = _broken_copy(tmp_path, "runs-on:", "runs_on:")
    result = _check_schema(broken)
    assert result.returncode != 0, result.stdout


def test_zizmor_fails_on_template_injection(tmp_path):
    injected = '      - run: echo "${{ github.event.head_commit.message }}"\n'
    broken = _broken_copy(tmp_path, "    steps:\n", "    steps:\n" + injected)
    result = _zizmor(broken)
    assert result.returncode != 0, result.stdout
    assert "template-injection" in result.stdout


def test_runs_make_report_on_push_to_main():
    workflow = _workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "make report" in runs


def test_build_uploads_site_for_pages():
    build = _workflow()["jobs"]["build"]
    (upload,) = _steps_using(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"] in ("site/", "site")


def test_deploy_job_publishes_to_pages():
    jobs = _workflow()["jobs"]
    deploy = jobs["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert _steps_using(deploy, "actions/deploy-pages")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
