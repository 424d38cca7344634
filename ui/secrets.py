"""Secrets of the running app: the signing key of the re-login cookie and the SMTP settings.

The cookie key is never committed (issue 3): it comes from ``KLANTVIZIER_COOKIE_KEY``, from
``[auth] cookie_key`` in ``.streamlit/secrets.toml``, or — on first run — is generated and kept
beside the warehouse file (``warehouse/data/`` is git-ignored), readable by the owner only.
``.streamlit/secrets.toml.example`` shows the shape of the secrets file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from kwhcore.config import CONFIG
from kwhcore.mail import MailSettings

COOKIE_KEY_FILE = ".klantvizier_cookie_key"


def _secrets_section(name: str) -> Mapping[str, object]:
    """A section of st.secrets, or empty when there is no secrets file at all."""
    try:
        section = st.secrets.get(name)
    except FileNotFoundError:
        return {}
    return section if isinstance(section, Mapping) else {}


def generated_cookie_key(directory: Path) -> str:
    """The key kept in ``directory``; created (random, 256 bits, mode 0600) when missing."""
    path = directory / COOKIE_KEY_FILE
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def cookie_key() -> str:
    if key := os.environ.get("KLANTVIZIER_COOKIE_KEY"):
        return key
    if key := _secrets_section("auth").get("cookie_key"):
        return str(key)
    try:
        return generated_cookie_key(CONFIG.warehouse_path.parent)
    except FileExistsError:  # another session created it a moment ago
        return generated_cookie_key(CONFIG.warehouse_path.parent)


def mail_settings() -> MailSettings | None:
    """SMTP settings from ``[smtp]`` in the secrets file, else from the environment."""
    return MailSettings.from_mapping(_secrets_section("smtp")) or MailSettings.from_env()
