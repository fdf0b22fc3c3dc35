"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, stoppable and restartable on the same port.

``SMTPServer(security="none" | "starttls" | "tls", users={"name": "password"})``
listens on a free port once started; every message it accepts is kept in
``messages`` (envelope sender, recipients and the raw bytes). STARTTLS and
implicit TLS use a self-signed certificate for 127.0.0.1 and localhost made at
test time (``cryptography`` when installed, else ``openssl req``); ``cafile`` is
that certificate, for a client context that trusts it.

Without aiosmtpd the tests using it are skipped, except under CI (CI=true),
where a missing test dependency is a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import ssl
import subprocess
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest


def require_aiosmtpd() -> None:
    """Skip the calling test when aiosmtpd is missing; under CI, fail instead."""
    try:
        import aiosmtpd  # noqa: F401
    except ImportError:
        message = "aiosmtpd not installed: pip install '.[test]'"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (a skip under CI is a failure)")
        pytest.skip(message)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate (and its key) for 127.0.0.1 and localhost; returns (cert, key)."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        _certificate_with_cryptography(cert, key)
    except ImportError:
        if shutil.which("openssl") is None:
            pytest.skip("neither cryptography nor openssl available to make a test certificate")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=60,
        )
    return cert, key


def _certificate_with_cryptography(cert: Path, key: Path) -> None:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


@dataclass(frozen=True)
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    login: str | None  # the user who authenticated, if any


class _Handler:
    def __init__(self, server: SMTPServer):
        self.server = server

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.server.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        login = session.auth_data if session.authenticated else None  # set by SMTPServer._authenticate
        with self.server.lock:
            self.server.messages.append(
                Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content
                                                                             or envelope.content), login))
        return "250 OK"


class SMTPServer:
    """An aiosmtpd server on 127.0.0.1; see the module docstring."""

    def __init__(self, folder: Path, *, security: str = "none", users: dict[str, str] | None = None,
                 port: int | None = None):
        require_aiosmtpd()
        if security not in ("none", "starttls", "tls"):
            raise ValueError(security)
        self.security = security
        self.users = dict(users or {})
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.messages: list[Received] = []
        self.failed_logins: list[tuple[str, str]] = []  # (user, mechanism)
        self.refuse: set[str] = set()  # recipients answered with 550
        self.lock = threading.Lock()
        self.cafile: Path | None = None
        self._controller = None
        if security != "none":
            self.cafile, self._keyfile = make_certificate(folder)

    def _server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cafile), str(self._keyfile))
        return context

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts this server's certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cafile))

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            if self.users.get(user) == password:
                return AuthResult(success=True, auth_data=user)
            self.failed_logins.append((user, mechanism))
        return AuthResult(success=False, handled=False)

    def start(self) -> SMTPServer:
        from aiosmtpd.controller import Controller

        class QuietController(Controller):
            def factory(self):
                # aiosmtpd counts only STARTTLS as TLS, and warns about AUTH on our implicit-TLS server
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS", UserWarning)
                    return super().factory()

        kwargs: dict = {"server_hostname": "smtp.test"}
        if self.users:
            kwargs.update(authenticator=self._authenticate, auth_required=True,
                          # aiosmtpd counts only STARTTLS as TLS; an implicit-TLS connection is one too
                          auth_require_tls=self.security == "starttls")
        if self.security == "starttls":
            kwargs.update(tls_context=self._server_context(), require_starttls=True)
        elif self.security == "tls":
            kwargs.update(ssl_context=self._server_context())
        self._controller = QuietController(_Handler(self), hostname=self.host, port=self.port, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def restart(self) -> SMTPServer:
        """Stop and start again on the same port (what a mail server does after maintenance)."""
        self.stop()
        return self.start()

    @property
    def running(self) -> bool:
        return self._controller is not None

    def __enter__(self) -> SMTPServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
