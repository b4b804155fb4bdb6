"""The peers of the export benchmark: the control matrix written with Python XlsxWriter (the
Matrix sheet: header, widths, wrapped text, frozen header, filter, one colour per owner, the
drop-down) and with reportlab (a landscape A4 table of wrapped cells, header repeated on every
page, "page X of Y").

Usage: export_peers.py ROWS.json OUTDIR [--xlsx-only]   (prints the times in seconds)
"""

import json
import os
import sys
import time

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle
from xml.sax.saxutils import escape
from xlsxwriter import Workbook

OWNERS = {
    "customer": ("Customer", "#0072B2", "#FFFFFF"),
    "shared": ("Shared", "#E69F00", "#000000"),
    "inherited": ("Inherited", "#009E73", "#FFFFFF"),
    "provider": ("Provider", "#D55E00", "#FFFFFF"),
    "not_applicable": ("Not applicable", "#999999", "#000000"),
    "undetermined": ("Undetermined", "#FFFFFF", "#000000"),
}


def neutralize(text):
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def cells(r):
    source = r.get("provider_source") or {}
    document = (
        f"{source['file']} v{source['version']}, sheet {source['sheet']}, row {source['row']}"
        if source
        else ""
    )
    review = r.get("last_reviewed") or {}
    return [
        r["service"] or "Entity",
        ", ".join(r["layers"]),
        r["framework"],
        r["control"],
        r["title"],
        OWNERS[r["owner"]][0],
        r.get("provider_label") or "",
        r["source"],
        document,
        (r.get("attestation") or {}).get("label", ""),
        r.get("reason") or r.get("na_justification") or r["explanation"],
        r.get("customer_part") or "",
        "\n".join(f"{e['title']}: {e['location']}" for e in r["evidence"]),
        r.get("row_owner") or "",
        review.get("on", ""),
        review.get("by", ""),
    ]


HEADERS = [
    "Service", "Layers", "Framework", "Control ID", "Title", "Ownership",
    "Provider's original label", "Owner source", "Provider document", "Covering attestation",
    "Rationale", "Customer's part", "Evidence", "Owner", "Last reviewed", "Reviewed by",
]


def xlsx(rows, path):
    book = Workbook(path)
    ws = book.add_worksheet("Matrix")
    header = book.add_format({"bold": True, "text_wrap": True, "bg_color": "#D9D9D9"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for col, name in enumerate(HEADERS):
        ws.write_string(0, col, name, header)
        ws.set_column(col, col, 20)
    for i, r in enumerate(rows, start=1):
        for col, value in enumerate(cells(r)):
            ws.write_string(i, col, neutralize(value), wrap)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(HEADERS) - 1)
    for label, fill, ink in OWNERS.values():
        fmt = book.add_format({"bg_color": fill, "font_color": ink})
        ws.conditional_format(1, 5, len(rows), 5, {
            "type": "cell", "criteria": "==", "value": f'"{label}"', "format": fmt})
    ws.data_validation(1, 5, len(rows), 5, {
        "validate": "list", "source": [o[0] for o in OWNERS.values()]})
    book.close()


class NumberedCanvas(canvas.Canvas):
    """Two passes: pages are kept until the count is known, then numbered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = []

    def showPage(self):
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self.pages)
        for state in self.pages:
            self.__dict__.update(state)
            self.setFont("Helvetica", 7)
            self.drawRightString(800, 22, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


def pdf(rows, path):
    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=7.5, leading=9.4)
    bold = ParagraphStyle("head", parent=style, fontName="Helvetica-Bold")

    def para(text, s=style):
        return Paragraph(escape(text).replace("\n", "<br/>"), s)

    head = ["Service and layers", "Control", "Title", "Ownership",
            "Source, provider's label, attestation", "Customer's part and rationale",
            "Evidence", "Owner, last reviewed"]
    data = [[para(h, bold) for h in head]]
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#BFBFBF"))]
    for i, r in enumerate(rows, start=1):
        c = cells(r)
        data.append([
            para(f"{c[0]}\n{c[1]}"), para(f"{c[2]} {c[3]}"), para(c[4]), para(c[5]),
            para(f"{c[7]}\n{c[6]}\n{c[8]}\n{c[9]}"), para(f"{c[11]}\n{c[10]}"), para(c[12]),
            para(f"{c[13]}\n{c[14]} {c[15]}"),
        ])
        fill, ink = OWNERS[r["owner"]][1:]
        commands.append(("BACKGROUND", (3, i), (3, i), colors.HexColor(fill)))
        commands.append(("TEXTCOLOR", (3, i), (3, i), colors.HexColor(ink)))
    width = landscape(A4)[0] - 80
    shares = [1.5, 0.9, 1.6, 1.1, 1.5, 2.6, 1.4, 1.0]
    table = LongTable(data, colWidths=[width * s / sum(shares) for s in shares], repeatRows=1)
    table.setStyle(TableStyle(commands))
    doc = SimpleDocTemplate(path, pagesize=landscape(A4), leftMargin=40, rightMargin=40,
                            topMargin=40, bottomMargin=40)
    doc.build([table], canvasmaker=NumberedCanvas)


def main():
    rows = json.load(open(sys.argv[1], encoding="utf-8"))
    out = sys.argv[2]
    started = time.perf_counter()
    xlsx(rows, os.path.join(out, "peer.xlsx"))
    xlsx_time = time.perf_counter() - started
    if "--xlsx-only" in sys.argv[3:]:
        print(f"{xlsx_time:.3f}")
        return
    started = time.perf_counter()
    pdf(rows, os.path.join(out, "peer.pdf"))
    pdf_time = time.perf_counter() - started
    print(f"{xlsx_time:.3f} {pdf_time:.3f}")


if __name__ == "__main__":
    main()
