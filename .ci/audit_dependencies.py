"""Audit the installed, pinned dependencies for known vulnerabilities with pip-audit.

Fails when a vulnerability is found that `.pip-audit-ignore` does not justify. When the
vulnerability service cannot be reached, it says so loudly: then nothing was audited, which is
not a pass. Set PIP_AUDIT_REQUIRED=1 (CI with network access) to fail in that case too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / ".pip-audit-ignore"
BANNER = "=" * 78


def justified() -> dict[str, str]:
    """Vulnerability ids to accept, each with its reason (`ID  reason`, `#` comments)."""
    accepted = {}
    for number, line in enumerate(IGNORE_FILE.read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{IGNORE_FILE.name}:{number}: {vuln_id} needs a reason after its id")
        accepted[vuln_id] = reason.strip()
    return accepted


def audit() -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--local",
            "--skip-editable",  # the project itself, which is not published
            "--progress-spinner=off",
            "--format=json",
            f"--output={report}",
        ]
        run = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
        if not report.exists():
            loud(f"pip-audit did not run (exit {run.returncode}):\n{run.stderr.strip()}")
            return []
        return json.loads(report.read_text())["dependencies"]


def loud(message: str) -> None:
    print(f"{BANNER}\nDEPENDENCIES NOT AUDITED: {message}\n{BANNER}", file=sys.stderr)
    if os.environ.get("PIP_AUDIT_REQUIRED") == "1":
        sys.exit(1)


def main() -> None:
    accepted = justified()
    dependencies = audit()
    skipped = [d for d in dependencies if "skip_reason" in d]
    audited = [d for d in dependencies if "skip_reason" not in d]
    found = [
        (d["name"], d["version"], v["id"], v.get("fix_versions", []))
        for d in audited
        for v in d.get("vulns", [])
        if v["id"] not in accepted and not set(v.get("aliases", [])) & set(accepted)
    ]
    for name, version, vuln_id, fixes in found:
        print(f"{name} {version}: {vuln_id} (fixed in {', '.join(fixes) or 'no release'})")
    print(f"pip-audit: {len(audited)} dependencies audited, {len(found)} unjustified findings")
    if skipped:
        loud(
            f"{len(skipped)} of {len(dependencies)} could not be checked, e.g. "
            f"{skipped[0]['skip_reason']!r}. The vulnerability service is unreachable from here."
        )
    if found:
        sys.exit(f"Known vulnerabilities: upgrade, or justify each in {IGNORE_FILE.name}.")


if __name__ == "__main__":
    main()
