"""python -m nnlib.doctor: one [OK]/[FAIL] line per requirement, a fix under each failure, exit code 1."""

import subprocess
import sys
from importlib import metadata

from nnlib import doctor
from nnlib.doctor import Finding


def test_every_line_is_ok_or_fail_and_this_environment_passes():
    findings = doctor.run_all()
    text = doctor.report(findings)
    lines = [line for line in text.splitlines() if line.startswith("[")]
    assert len(lines) == len(findings) >= 9
    assert all(line.startswith(("[OK] ", "[FAIL] ")) for line in lines)
    assert all(f.ok for f in findings), text


def test_declared_ranges_come_from_the_package_metadata():
    names = {r.split(">")[0].split("=")[0] for r in doctor.declared_requirements()}
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "scikit-learn"} <= names


def test_too_old_and_missing_packages_fail_with_a_fix(monkeypatch):
    monkeypatch.setattr(metadata, "version", lambda name: "1.26.4")
    old = doctor.check_requirement("numpy>=2.0")
    assert not old.ok
    assert str(old).splitlines() == [
        "[FAIL] numpy 1.26.4 (need >=2.0)",
        '       fix: python -m pip install "numpy>=2.0"  (or reinstall: python -m pip install -r requirements.txt)',
    ]
    missing = doctor.check_requirement("no-such-package-for-nnlib>=1")
    assert not missing.ok or missing.what.startswith("no-such")


def test_missing_package_is_reported():
    finding = doctor.check_requirement("no-such-package-for-nnlib>=1")
    assert not finding.ok and "is not installed" in finding.what


def test_old_python_fails():
    assert not doctor.check_python("3.9.18").ok and doctor.check_python("3.12.0").ok


def test_report_summary_counts_failures():
    text = doctor.report([Finding(True, "a"), Finding(False, "b", "do c")])
    assert text.endswith(
        "1 check(s) failed: follow the fix under each [FAIL], then run this again. "
        "Still stuck? See Troubleshooting in README.md."
    )


def test_command_line_exit_code(monkeypatch):
    result = subprocess.run([sys.executable, "-m", "nnlib.doctor"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert "All checks passed" in result.stdout
    monkeypatch.setattr(doctor, "run_all", lambda: [Finding(False, "numpy is not installed", "pip install")])
    assert doctor.main() == 1


def test_a_kernelspec_that_is_not_json_is_reported_not_a_crash(monkeypatch, tmp_path):
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text("{ this is not json")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setattr(doctor, "_in_kernel", lambda: False)
    finding = doctor.check_kernel()
    assert not finding.ok
    assert "kernel.json cannot be read" in str(finding)
    assert "ipykernel install" in str(finding)
