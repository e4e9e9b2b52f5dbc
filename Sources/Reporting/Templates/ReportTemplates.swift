/// The report's Mustache templates (https://mustache.github.io/mustache.5.html), kept in Swift
/// strings so the executable carries them and the report never reads files at run time.
/// `{{x}}` is HTML-escaped; the templates use no triple mustaches, so every value is escaped.
enum ReportTemplates {
    static let all: [(name: String, text: String)] = [
        ("page", page),
        ("style", Stylesheet.css),
        ("consort", consort),
        ("trajectory", trajectory),
        ("forest", forest),
    ]

    static let page = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="TrialKit">
<title>{{title}} — trial report</title>
<style>
{{>style}}
</style>
</head>
<body>
<header id="report-header">
<p class="eyebrow">Trial report · {{registrationID}}</p>
<h1>{{title}}</h1>
<dl class="provenance">
<div><dt>Generated</dt><dd>{{generatedAt}}</dd></div>
<div><dt>Protocol SHA-256</dt><dd class="hash">{{protocolChecksum}}</dd></div>
<div><dt>Data snapshot</dt><dd class="hash">{{dataSnapshotHash}}</dd></div>
</dl>
</header>
<main>
{{#primary}}
<section id="primary-result" class="callout">
<h2>Primary outcome: {{label}} at {{visit}}</h2>
<div class="callout-body">
<div class="callout-text">
<p class="headline"><span class="label">Difference ({{contrast}}) [95% CI]</span> <span class="big" id="primary-difference">{{difference}}</span></p>
<p class="sub">{{pStatement}}</p>
<p class="sub">Cohen's d {{d}}</p>
<p class="sub muted">{{participants}} participants, {{observations}} observations</p>
</div>
<table id="primary-table" class="data">
<thead><tr><th scope="col">Arm</th><th scope="col" class="num">Estimated marginal mean [95% CI]</th></tr></thead>
<tbody>
{{#arms}}<tr><th scope="row"><span class="swatch" style="background:{{colour}}"></span>{{arm}}</th><td class="num">{{mean}}</td></tr>
{{/arms}}
<tr class="highlight"><th scope="row">Difference ({{contrast}})</th><td class="num">{{difference}}</td></tr>
<tr><th scope="row">p-value</th><td class="num">{{p}}</td></tr>
<tr><th scope="row">Cohen's d [95% CI]</th><td class="num">{{d}}</td></tr>
<tr><th scope="row">Standardised by</th><td class="num">{{standardiser}}</td></tr>
<tr><th scope="row">Participants / observations</th><td class="num">{{participants}} / {{observations}}</td></tr>
<tr><th scope="row">Degrees of freedom</th><td class="num">{{dfMethod}}</td></tr>
</tbody>
</table>
</div>
</section>
{{/primary}}
<section id="consort">
<h2>Participant flow</h2>
<p class="caption">CONSORT 2010 flow diagram.</p>
{{#consort}}{{>consort}}{{/consort}}
</section>
{{#hasBaseline}}
<section id="baseline">
<h2>Baseline characteristics</h2>
<table id="baseline-table" class="data">
<thead><tr><th scope="col">Characteristic</th>{{#arms}}<th scope="col" class="num"><span class="swatch" style="background:{{colour}}"></span>{{name}}<span class="count">{{allocated}}</span></th>{{/arms}}{{#hasBaselineTotal}}<th scope="col" class="num">Total<span class="count">{{totalAllocated}}</span></th>{{/hasBaselineTotal}}</tr></thead>
<tbody>
{{#baseline}}
{{#isHeader}}<tr class="group"><th scope="rowgroup" colspan="{{columnSpan}}">{{label}}</th></tr>{{/isHeader}}
{{^isHeader}}<tr><th scope="row">{{label}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}{{#hasBaselineTotal}}<td class="num">{{total}}</td>{{/hasBaselineTotal}}</tr>{{/isHeader}}
{{/baseline}}
</tbody>
</table>
</section>
{{/hasBaseline}}
{{#hasOutcomes}}
<section id="outcomes">
<h2>All outcomes</h2>
<table id="outcomes-table" class="data">
<thead><tr><th scope="col">Outcome</th><th scope="col">Visit</th>{{#arms}}<th scope="col" class="num"><span class="swatch" style="background:{{colour}}"></span>{{name}}</th>{{/arms}}<th scope="col" class="num">Difference [95% CI]</th><th scope="col" class="num">p</th><th scope="col" class="num">d [95% CI]</th></tr></thead>
<tbody>
{{#outcomes}}<tr{{#isPrimary}} class="highlight"{{/isPrimary}}><th scope="row">{{label}}<span class="role">{{role}}</span></th><td class="nowrap">{{visit}}</td>{{#means}}<td class="num">{{.}}</td>{{/means}}<td class="num">{{difference}}</td><td class="num">{{p}}</td><td class="num">{{d}}</td></tr>
{{/outcomes}}
</tbody>
</table>
<p class="caption">Arm columns: estimated marginal means [95% CI] at the visit named.</p>
</section>
{{/hasOutcomes}}
{{#trajectory}}
<section id="trajectory">
<h2>{{trajectoryOutcome}} over time</h2>
<p class="caption">{{trajectoryDescription}} by arm and visit.</p>
{{>trajectory}}
</section>
{{/trajectory}}
{{#forest}}
<section id="forest">
<h2>Standardized effects</h2>
<p class="caption">Cohen's d with 95% CI for every outcome; the dashed line marks no difference.</p>
{{>forest}}
</section>
{{/forest}}
{{#hasMissingness}}
<section id="missingness">
<h2>Missing data</h2>
<table id="missingness-table" class="data">
<thead><tr><th scope="col">Arm</th>{{#missingnessVisits}}<th scope="col" class="num">{{.}}</th>{{/missingnessVisits}}</tr></thead>
<tbody>
{{#missingness}}<tr><th scope="row"><span class="swatch" style="background:{{colour}}"></span>{{arm}}</th>{{#cells}}<td class="num">{{.}}</td>{{/cells}}</tr>
{{/missingness}}
</tbody>
</table>
<p class="caption">Observed / missing (% missing) values of the primary outcome.</p>
</section>
{{/hasMissingness}}
<section id="model">
<h2>Model details</h2>
<dl id="model-details" class="details">
{{#modelDetails}}<div><dt>{{label}}</dt><dd>{{text}}</dd></div>
{{/modelDetails}}
</dl>
{{#hasOutcomes}}
<table id="model-table" class="data">
<thead><tr><th scope="col">Outcome</th><th scope="col">Formula</th><th scope="col">Residual covariance</th><th scope="col">Degrees of freedom</th><th scope="col">Sample</th><th scope="col">Cohen's d standardiser</th></tr></thead>
<tbody>
{{#models}}<tr><th scope="row">{{label}}</th><td><code>{{formula}}</code></td><td>{{covariance}}</td><td>{{dfMethod}}</td><td>{{sample}}</td><td>{{standardiser}}</td></tr>
{{/models}}
</tbody>
</table>
{{/hasOutcomes}}
</section>
<section id="software">
<h2>Software</h2>
<table id="software-table" class="data compact">
<thead><tr><th scope="col">Component</th><th scope="col">Version</th></tr></thead>
<tbody>
{{#software}}<tr><th scope="row">{{name}}</th><td><code>{{version}}</code></td></tr>
{{/software}}
</tbody>
</table>
</section>
</main>
<footer><p>Generated by TrialKit. This file is self-contained: it loads nothing from the network.</p></footer>
</body>
</html>

"""#
}
