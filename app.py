"""Klantvizier — router and frame: warehouse on first start, login, navigation by rights."""

import streamlit as st

from ui import navigation, session, state

st.set_page_config(page_title="Klantvizier", page_icon=":material/monitoring:", layout="wide")

state.ensure_warehouse()
scope = session.current_scope()
page = st.navigation(navigation.build(scope), position="top")
session.sidebar(scope)
page.run()
