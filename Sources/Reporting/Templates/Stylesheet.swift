/// The report's only stylesheet, inlined into the page: system fonts (nothing to download),
/// tabular figures for numbers, a print-friendly single column, and the SVG classes the layouts use.
enum Stylesheet {
    static let css = #"""
:root { --ink: #1f2933; --muted: #5f6b7a; --rule: #d9dee5; --accent: #0b5cad; --highlight: #fff6d6; --band: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: var(--ink); font: 15px/1.5 "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
header, main, footer { max-width: 1040px; margin: 0 auto; padding: 0 32px; }
header { padding-top: 32px; padding-bottom: 16px; border-bottom: 3px solid var(--accent); }
.eyebrow { margin: 0; color: var(--accent); font-weight: 600; letter-spacing: 0.04em; text-transform: uppercase; font-size: 12px; }
h1 { margin: 4px 0 12px; font-size: 28px; line-height: 1.2; }
h2 { margin: 36px 0 8px; font-size: 19px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
.provenance { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 4px 24px; margin: 0; font-size: 12px; }
.provenance dt { color: var(--muted); }
.provenance dd { margin: 0; }
.hash { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11px; overflow-wrap: anywhere; }
.caption { color: var(--muted); font-size: 13px; margin: 4px 0 10px; }
.callout { margin-top: 28px; padding: 4px 24px 20px; background: #f3f8fd; border-left: 5px solid var(--accent); border-radius: 4px; }
.callout h2 { border: none; margin-top: 16px; }
.headline { margin: 4px 0; }
.headline .label { color: var(--muted); font-size: 14px; display: block; }
.headline .big { font-size: 30px; font-weight: 700; font-variant-numeric: tabular-nums; }
.callout-body { display: flex; flex-wrap: wrap; gap: 12px 40px; align-items: flex-start; }
.callout-text { flex: 1 1 260px; }
.sub { margin: 2px 0; color: var(--ink); font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
table.data { border-collapse: collapse; width: 100%; font-size: 14px; margin: 8px 0; font-variant-numeric: tabular-nums; }
table.data.compact { width: auto; min-width: 360px; }
#primary-table { width: auto; flex: 0 1 560px; background: #ffffff; margin: 0; }
table.data th, table.data td { padding: 5px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
table.data thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
table.data tbody th { font-weight: 500; }
table.data .num { text-align: right; white-space: nowrap; }
table.data .nowrap { white-space: nowrap; }
th .count { display: block; color: var(--muted); font-size: 12px; font-weight: 400; }
.role { display: block; color: var(--muted); font-size: 12px; font-weight: 400; }
tr.highlight th, tr.highlight td { background: var(--highlight); font-weight: 700; }
tr.group th { background: var(--band); font-weight: 600; padding-top: 8px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.details { display: grid; grid-template-columns: max-content 1fr; gap: 4px 20px; font-size: 14px; }
.details div { display: contents; }
.details dt { color: var(--muted); }
.details dd { margin: 0; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
footer { margin-top: 40px; padding-bottom: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); }
svg.figure { display: block; max-width: 100%; height: auto; font-family: inherit; }
svg text { font-size: 13px; fill: var(--ink); }
svg .strong { font-weight: 700; }
svg .muted { fill: var(--muted); }
svg .small { font-size: 11.5px; }
svg .tick { font-size: 12px; fill: var(--muted); font-variant-numeric: tabular-nums; }
svg .header { font-size: 12px; font-weight: 600; fill: var(--muted); letter-spacing: 0.02em; }
svg .axis-title { font-size: 13px; font-weight: 600; }
svg .legend { font-size: 13px; }
svg .count, svg .count-label { font-size: 12px; font-weight: 600; font-variant-numeric: tabular-nums; }
svg .value { font-variant-numeric: tabular-nums; }
.consort-box { fill: #ffffff; stroke: #4a5563; stroke-width: 1.2; }
.consort-stage { fill: #dcebf7; stroke: none; }
.stage-label { font-size: 12px; font-weight: 600; fill: #0b4a85; }
.arrow { fill: none; stroke: #4a5563; stroke-width: 1.2; }
.grid { stroke: #e6e9ee; stroke-width: 1; }
.axis { stroke: #4a5563; stroke-width: 1; }
.series { fill: none; stroke-width: 2.2; }
.whisker { stroke-width: 1.6; }
.marker { stroke: #ffffff; stroke-width: 1; }
.band { fill: #ffffff; }
.band-alt { fill: var(--band); }
.zero { stroke: #4a5563; stroke-width: 1; stroke-dasharray: 4 3; }
.ci { stroke: var(--ink); stroke-width: 1.8; }
.point { fill: #ffffff; stroke: var(--ink); stroke-width: 1.6; }
.point-primary { fill: var(--accent); stroke: var(--accent); stroke-width: 1; }
@media print { body { font-size: 11pt; } .callout { break-inside: avoid; } section { break-inside: avoid-page; } }
"""#
}
