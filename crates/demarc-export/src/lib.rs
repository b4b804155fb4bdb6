//! Auditor exports: the XLSX workbook, the PDF pack and the companion layouts.
