"""The tenant-file uploader in Dutch, with the chosen file's whole name readable.

Streamlit 1.67's ``st.file_uploader`` has no option or locale for its own texts: "Upload",
"Drag and drop a file here", "50MB per file" and its upload errors are fixed English strings in
the front end (only label, type, help, max_upload_size, disabled, label_visibility and width can
be set), and the file chip shortens long names in code ("repara...ersie3.xlsx"). So this module swaps
those texts by CSS for Dutch ones (fixed strings, never user input) and prints the full file name
as plain text under the uploader (issue 14: "file names are readable").

No ``type=`` filter on purpose: a dropped file of another type would get the front end's English
refusal; our own check gives the Dutch sentence instead (kwhcore.xlsx_reader).
"""

from __future__ import annotations

import streamlit as st

MAX_MB = 50

KNOP = "Bestand kiezen"
INSTRUCTIE = f"Sleep het Excel-bestand (.xlsx) hierheen of kies het · hoogstens {MAX_MB} MB"
MISLUKT = f"Dit bestand kon niet worden geüpload; lever een .xlsx-bestand van hoogstens {MAX_MB} MB aan."

_CSS = f"""
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button > div::after {{ content: "{KNOP}"; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: "{INSTRUCTIE}"; font-size: 0.8rem; }}
[data-testid="stFileUploader"] [role="alert"] {{ font-size: 0; }}
[data-testid="stFileUploader"] [role="alert"]::after {{ content: "{MISLUKT}"; font-size: 0.8rem; }}
</style>
"""


def bestand_kiezen(label: str, *, key: str):
    """A Dutch single-file uploader; returns Streamlit's UploadedFile or None."""
    st.html(_CSS)
    bestand = st.file_uploader(label, key=key)
    if bestand is not None:
        st.text(f"Gekozen bestand: {bestand.name}")
    return bestand
