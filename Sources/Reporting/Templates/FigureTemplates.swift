/// The SVG figures, as Mustache partials. Geometry comes from the layouts (``ConsortLayout``,
/// ``TrajectoryLayout``, ``ForestLayout``); the templates only place it. Each figure is a
/// standalone SVG element with its own `xmlns`, a `role="img"` and a `<title>` for screen readers.
extension ReportTemplates {
    static let consort = #"""
<svg xmlns="http://www.w3.org/2000/svg" id="consort-diagram" class="figure" role="img" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}">
<title>CONSORT flow diagram</title>
<defs><marker id="consort-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#4a5563"/></marker></defs>
{{#stages}}<g class="stage">{{#rect}}<rect class="{{cssClass}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" rx="13"/>{{/rect}}{{#lines}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>{{/lines}}</g>
{{/stages}}
{{#arrows}}<path class="{{cssClass}}" d="{{d}}" marker-end="url(#consort-arrowhead)"/>
{{/arrows}}
{{#boxes}}<g class="box">{{#rect}}<rect class="{{cssClass}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" rx="4"/>{{/rect}}{{#lines}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>{{/lines}}</g>
{{/boxes}}
</svg>
"""#

    static let trajectory = #"""
<svg xmlns="http://www.w3.org/2000/svg" id="trajectory-plot" class="figure" role="img" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}">
<title>Mean trajectories by arm with 95% confidence intervals</title>
{{#gridLines}}<line class="{{cssClass}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}"/>
{{/gridLines}}
{{#axes}}<line class="{{cssClass}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}"/>
{{/axes}}
{{#yTicks}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>
{{/yTicks}}
{{#xTicks}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>
{{/xTicks}}
{{#yTitle}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="middle" transform="rotate(-90 {{x}} {{y}})">{{text}}</text>{{/yTitle}}
{{#xTitle}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="middle">{{text}}</text>{{/xTitle}}
{{#countsTitle}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>{{/countsTitle}}
{{#series}}
<g class="series-group">
{{#line}}<path class="{{cssClass}}" d="{{d}}" stroke="{{stroke}}"/>{{/line}}
{{#whiskers}}<line class="{{cssClass}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" stroke="{{stroke}}"/>{{/whiskers}}
{{#markers}}<path class="marker" d="{{d}}" fill="{{fill}}"><title>{{title}}</title></path>{{/markers}}
{{#legendLine}}<line class="{{cssClass}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}" stroke="{{stroke}}"/>{{/legendLine}}
{{#legendMarker}}<path class="marker" d="{{d}}" fill="{{fill}}"/>{{/legendMarker}}
{{#legendText}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>{{/legendText}}
{{#countLabel}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}" style="fill:{{colour}}">{{text}}</text>{{/countLabel}}
{{#counts}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}" style="fill:{{colour}}">{{text}}</text>{{/counts}}
</g>
{{/series}}
</svg>
"""#

    static let forest = #"""
<svg xmlns="http://www.w3.org/2000/svg" id="forest-plot" class="figure" role="img" width="{{width}}" height="{{height}}" viewBox="0 0 {{width}} {{height}}">
<title>Forest plot of standardized effects (Cohen's d) with 95% confidence intervals</title>
{{#headers}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>
{{/headers}}
{{#rows}}{{#band}}<rect class="{{cssClass}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/>{{/band}}
{{/rows}}
{{#zeroLine}}<line class="{{cssClass}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}"/>{{/zeroLine}}
{{#rows}}
<g class="forest-row">
{{#label}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>{{/label}}
{{#detail}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>{{/detail}}
{{#interval}}<line class="{{cssClass}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}"/>{{/interval}}
{{#marker}}<rect class="{{cssClass}}" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"/>{{/marker}}
{{#value}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>{{/value}}
</g>
{{/rows}}
{{#axis}}<line class="{{cssClass}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}"/>{{/axis}}
{{#tickMarks}}<line class="{{cssClass}}" x1="{{x1}}" y1="{{y1}}" x2="{{x2}}" y2="{{y2}}"/>
{{/tickMarks}}
{{#ticks}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>
{{/ticks}}
{{#axisTitle}}<text class="{{cssClass}}" x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{text}}</text>{{/axisTitle}}
</svg>
"""#
}
