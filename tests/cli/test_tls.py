"""TLS options: --ca-bundle and --insecure, as flags and in profiles, against a self-signed
https server on loopback (the certificate is made with the openssl command)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import RunCli
from tests.cli.servers import Capture, serving

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture
def cert(tmp_path: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 (its key beside it as key.pem)."""
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem"),
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return tmp_path / "cert.pem"


@pytest.fixture
def https(cert: Path) -> Iterator[Capture]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, cert.parent / "key.pem")
    with serving(context) as server:
        yield server


@pytest.fixture
def cli(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunCli:
    for name in ("JENKINS_URL", "JENKINS_USER_ID", "JENKINS_API_TOKEN", "JENKINS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JENKINS_SDK_CONFIG", str(tmp_path / "config.toml"))
    return run_cli


def test_an_untrusted_certificate_is_one_line_with_the_way_out(cli: RunCli, https: Capture) -> None:
    r = cli("--retries", "0", "--url", https.url, "jobs", "ls")
    assert r.code == 6
    assert (
        r.err == f"error: cannot reach {https.url}: TLS certificate not trusted (see --ca-bundle)\n"
    )


def test_ca_bundle_flag(cli: RunCli, https: Capture, cert: Path) -> None:
    r = cli("--url", https.url, "--ca-bundle", str(cert), "jobs", "ls", "--json")
    assert r.code == 0, r.err
    assert r.items() == []
    assert https.seen == [None]


def test_insecure_flag(cli: RunCli, https: Capture) -> None:
    r = cli("--url", https.url, "--insecure", "jobs", "ls")
    assert r.code == 0, r.err
    assert r.err == f"warning: TLS certificates are not verified for {https.url}\n"


def test_tls_settings_in_a_profile(cli: RunCli, https: Capture, cert: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        f'[profiles.corp]\nurl = "{https.url}"\nca_bundle = "{cert}"\n'
        f'[profiles.lab]\nurl = "{https.url}"\ninsecure = true\n'
    )
    assert cli("--profile", "corp", "jobs", "ls").code == 0
    assert cli("--profile", "lab", "jobs", "ls").code == 0
    # a profile's TLS settings go with its URL only: --url takes none of them
    r = cli("--retries", "0", "--profile", "lab", "--url", https.url, "jobs", "ls")
    assert r.code == 6 and "TLS certificate not trusted" in r.err


def test_a_missing_ca_bundle_is_a_usage_error(cli: RunCli, tmp_path: Path) -> None:
    r = cli("--url", "https://127.0.0.1:1/", "--ca-bundle", str(tmp_path / "no.pem"), "jobs", "ls")
    assert r.code == 2
    assert len(r.err.splitlines()) == 1


def test_a_missing_ca_bundle_in_a_profile_is_a_configuration_error(
    cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text(
        f'[profiles.corp]\nurl = "https://127.0.0.1:1/"\nca_bundle = "{tmp_path / "no.pem"}"\n'
    )
    r = cli("--profile", "corp", "jobs", "ls")
    assert r.code == 2
    assert r.err.startswith("error: configuration: verify: CA bundle")
