"""The logged-in user's scope for this rerun, and the shared sidebar.

Login itself (streamlit-authenticator, accounts in the warehouse) replaces ``current_scope``;
until an account exists every visitor works as the platform beheerder of the demo warehouse.
"""

from __future__ import annotations

import streamlit as st

from kwhcore.access import Scope


def current_scope() -> Scope:
    return Scope(role="beheerder")


def sidebar(scope: Scope) -> None:
    with st.sidebar:
        st.caption(f"Ingelogd als {scope.role}")
