"""The validatieverslag as people read it: plain text (CLI, e-mail) and an Excel download.

seed 002 §3: the steward gets the report at once, can download it, and opted-in users receive
it by e-mail. Cells never start with '=', '+', '-' or '@' as a formula (domain.md §9).
"""

from __future__ import annotations

import io

import xlsxwriter

from kwhcore.formatting import aantal
from kwhcore.validation import Finding, ValidationReport
from kwhcore.vragenlijsten import naam_van


def _plaats(finding: Finding) -> str:
    parts = []
    if finding.row is not None:
        parts.append(f"rij {finding.row}")
    if finding.column:
        parts.append(f"kolom {finding.column}")
    return ", ".join(parts) or "bestand"


def summary(report: ValidationReport) -> str:
    """One line: 'Geaccepteerd: 1.234 huurders, 2 aandachtspunten.'"""
    status = "Geaccepteerd" if report.accepted else "Niet geaccepteerd"
    return (
        f"{status}: {aantal(report.rows)} huurders, {aantal(len(report.errors))} fouten, "
        f"{aantal(len(report.warnings))} aandachtspunten."
    )


def as_text(report: ValidationReport) -> str:
    lines = [f"Validatieverslag {report.file} — {naam_van(report.vragenlijst)}", summary(report)]
    if report.errors:
        lines.append("")
        lines.append("Fouten (het bestand kan zo niet worden geaccordeerd):")
        lines.extend(f"- {_plaats(f)}: {f.message}" for f in report.errors)
    if report.warnings:
        lines.append("")
        lines.append("Aandachtspunten:")
        lines.extend(f"- {_plaats(f)}: {f.message}" for f in report.warnings)
    return "\n".join(lines)


def as_xlsx(report: ValidationReport) -> bytes:
    """One sheet: soort, rij, kolom, melding — sortable and filterable in Excel.

    Only the Dutch message: the stable finding code is for machines (``validate --json``), not
    for the steward reading the verslag (issue 14).
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("Validatieverslag")
    bold = workbook.add_format({"bold": True})
    sheet.write_string(0, 0, f"Validatieverslag {report.file} — {naam_van(report.vragenlijst)}", bold)
    sheet.write_string(1, 0, summary(report))
    sheet.write_row(3, 0, ["Soort", "Rij", "Kolom", "Melding"], bold)
    line = 4
    for soort, findings in (("Fout", report.errors), ("Aandachtspunt", report.warnings)):
        for finding in findings:
            sheet.write_string(line, 0, soort)
            if finding.row is not None:
                sheet.write_number(line, 1, finding.row)
            sheet.write_string(line, 2, finding.column or "")
            sheet.write_string(line, 3, finding.message)
            line += 1
    sheet.set_column(0, 0, 14)
    sheet.set_column(2, 2, 18)
    sheet.set_column(3, 3, 110)
    workbook.close()
    return buffer.getvalue()
