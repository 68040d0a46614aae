"""An AdminDoc as one self-contained HTML page that prints on A4 in the administrative form."""

from __future__ import annotations

from html import escape

from dtt.render.htmlfmt import html_page
from dtt.reports.docmodel import AdminDoc, Para, Table

CSS = """
body { font-family: "Times New Roman", "Noto Serif", "DejaVu Serif", serif;
  font-size: 13pt;
  max-width: 190mm; color: #000; }
body.landscape { max-width: 277mm; }
.head { display: grid; grid-template-columns: 42% 58%; text-align: center; margin-bottom: 14px; }
.head p { margin: 0; white-space: pre-wrap; }
.issuer .org { font-weight: normal; } .issuer .org.only, .issuer .unit { font-weight: bold; }
.rule { width: 35%; margin: 2px auto 6px; border-top: 1px solid #000; }
.national { font-weight: bold; white-space: nowrap; font-size: 12pt; }
p.appendix { text-align: center; font-weight: bold; margin: 14px 0 0; }
.motto { font-weight: bold; display: inline-block; border-bottom: 1px solid #000;
  padding-bottom: 1px; }
.date { font-style: italic; margin-top: 10px !important; }
h1.doc { text-align: center; font-size: 14pt; margin: 18px 0 2px; }
p.sub { text-align: center; font-weight: bold; margin: 0; white-space: pre-wrap; }
table.doc, table.doc th, table.doc td { font-family: inherit; }
p.block { margin: 4px 0; text-align: justify; }
p.block.heading { font-weight: bold; margin-top: 12px; }
table.doc { margin: 8px 0; font-size: 11.5pt; }
table.doc th { text-align: center; background: none; vertical-align: middle; }
table.doc td.num { text-align: center; white-space: nowrap; }
table.doc tr.group td { font-weight: bold; background: none; }
.sign { display: grid; grid-template-columns: repeat(var(--cols), 1fr); margin-top: 18px;
  break-inside: avoid; page-break-inside: avoid; }
.sign .who { text-align: center; }
.sign .role { font-weight: bold; margin: 0; }
.sign .note { font-style: italic; margin: 0 0 70px; }
.sign .name { font-weight: bold; margin: 0; }
.sign .rec { font-size: 11pt; } .sign .rec p { margin: 0; }
.sign .rec p:first-child { font-weight: bold; font-style: italic; }
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
  @top-center { content: counter(page);
    font: 13pt "Times New Roman", "Noto Serif", "DejaVu Serif", serif; } }
@page :first { @top-center { content: none; } }
@page landscape { size: A4 landscape; }
table.doc thead { display: table-header-group; }
table.doc tr { break-inside: avoid; page-break-inside: avoid; }
body.landscape { page: landscape; }
@media print { body { font-size: 13pt; max-width: none; } }
"""


def _heading(doc: AdminDoc) -> str:
    national, motto = doc.national()
    issuer = []
    for i, line in enumerate(doc.issuer):
        cls = "org" + (" only" if len(doc.issuer) == 1 else "") if i == 0 else "unit"
        issuer.append(f'<p class="{cls}">{escape(line)}</p>')
    number = f"<p>{escape(doc.number)}</p>" if doc.number else ""
    return (
        '<div class="head"><div class="issuer">' + "".join(issuer)
        + f'<div class="rule"></div>{number}</div>'
        + f'<div><p class="national">{escape(national)}</p>'
        + f'<p><span class="motto">{escape(motto)}</span></p>'
        + f'<p class="date">{escape(doc.place_date)}</p></div></div>'
    )


def _table(block: Table) -> str:
    cols = len(block.headers)
    total = sum(block.widths) if block.widths else 0
    colgroup = ""
    if block.widths:
        colgroup = "<colgroup>" + "".join(
            f'<col style="width:{100 * w / total:.1f}%">' for w in block.widths) + "</colgroup>"
    head = "".join(f"<th>{escape(h)}</th>" for h in block.headers)
    rows = []
    for i, values in enumerate(block.rows):
        if i in block.group_rows and cols > 2:
            rows.append(f'<tr class="group"><td class="num">{escape(values[0])}</td>'
                        f'<td colspan="{cols - 1}">{escape(values[1])}</td></tr>')
            continue
        cells = "".join(
            f'<td{" class=num" if j in block.numeric else ""}>{escape(v)}</td>'
            for j, v in enumerate(values))
        rows.append(f"<tr>{cells}</tr>")
    return (f'<table class="doc">{colgroup}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _signatures(doc: AdminDoc) -> str:
    parts = []
    if doc.recipients:
        parts.append('<div class="rec">' + "".join(f"<p>{escape(r)}</p>"
                                                   for r in doc.recipients) + "</div>")
    elif len(doc.signers) < 2:
        parts.append("<div></div>")
    for signer in doc.signers:
        roles = "".join(f'<p class="role">{escape(r)}</p>' for r in signer.role)
        parts.append(f'<div class="who">{roles}<p class="note">{escape(signer.note)}</p>'
                     f'<p class="name">{escape(signer.name)}</p></div>')
    return f'<div class="sign" style="--cols:{len(parts)}">{"".join(parts)}</div>'


def admin_html(doc: AdminDoc) -> str:
    body = [_heading(doc)]
    if doc.appendix:
        body.append(f'<p class="appendix">{escape(doc.appendix)}</p>')
    body.append(f'<h1 class="doc">{escape(doc.title)}</h1>')
    body += [f'<p class="sub">{escape(line)}</p>' for line in doc.subtitle]
    for block in doc.blocks:
        if isinstance(block, Para):
            classes = "block" + (" heading" if block.heading else "")
            style = []
            if block.bold:
                style.append("font-weight:bold")
            if block.italic:
                style.append("font-style:italic")
            if block.align != "left":
                style.append(f"text-align:{block.align}")
            attr = f' style="{";".join(style)}"' if style else ""
            body.append(f'<p class="{classes}"{attr}>{escape(block.text)}</p>')
        else:
            body.append(_table(block))
    body.append(_signatures(doc))
    page = html_page(doc.title, "\n".join(body), CSS, heading=False)
    if doc.landscape:
        page = page.replace("<body>", '<body class="landscape">', 1)
    return page
