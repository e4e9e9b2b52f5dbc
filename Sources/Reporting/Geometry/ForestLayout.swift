/// Lays out the forest plot of standardized effects (Cohen's d with 95% CI) of every outcome:
/// outcome labels on the left, squares and CI lines on a nice scale that always includes zero,
/// a dashed line of no effect at zero, and "d [lower, upper]" on the right. The primary outcome is
/// drawn in bold with a larger, filled marker; the others are open.
struct ForestLayout {
    struct Row {
        let band: SVGRect
        let label: SVGText
        let detail: SVGText
        let interval: SVGLine?
        let marker: SVGRect
        let value: SVGText
    }

    let width: String
    let height: String
    let rows: [Row]
    let zeroLine: SVGLine
    let axis: SVGLine
    let ticks: [SVGText]
    let tickMarks: [SVGLine]
    let axisTitle: SVGText
    let headers: [SVGText]

    private static let labelWidth = 260.0
    private static let plotWidth = 300.0
    private static let valueWidth = 170.0
    private static let rowHeight = 40.0
    private static let top = 30.0

    init(outcomes: [OutcomeResult]) {
        let m = Self.self
        let plotLeft = m.labelWidth
        let plotRight = plotLeft + m.plotWidth
        var values: [Double] = [0]
        for d in outcomes.map(\.cohenD) {
            values += [d.estimate] + [d.lower, d.upper].compactMap { $0 }
        }
        let scale = NiceScale(minimum: values.min() ?? -1, maximum: values.max() ?? 1, ticks: 6)
        let x = LinearScale(domain: (scale.lower, scale.upper), range: (plotLeft + 10, plotRight - 10))
        let bottom = m.top + Double(outcomes.count) * m.rowHeight

        rows = outcomes.enumerated().map { index, outcome in
            let rowTop = m.top + Double(index) * m.rowHeight
            let mid = rowTop + m.rowHeight / 2
            let primary = outcome.role == .primary
            let d = outcome.cohenD
            let size = primary ? 11.0 : 9.0
            let label = TextWrap.truncated(outcome.label, width: m.labelWidth - 16, fontSize: 13)
            return Row(
                band: SVGRect(x: 0, y: rowTop, width: plotRight + m.valueWidth, height: m.rowHeight, cssClass: index % 2 == 0 ? "band" : "band-alt"),
                label: SVGText(x: 8, y: mid - 2, text: label, cssClass: primary ? "strong" : "", anchor: "start"),
                detail: SVGText(x: 8, y: mid + 13, text: "\(outcome.role.rawValue.capitalized) · \(outcome.visit)", cssClass: "muted small", anchor: "start"),
                interval: Self.interval(d, y: mid, x: x),
                marker: SVGRect(x: x(d.estimate) - size / 2, y: mid - size / 2, width: size, height: size, cssClass: primary ? "point-primary" : "point"),
                value: SVGText(x: plotRight + 14, y: mid + 4.5, text: NumberFormat.withInterval(d, decimals: 2), cssClass: primary ? "strong value" : "value", anchor: "start"))
        }
        zeroLine = SVGLine(x1: x(0), y1: m.top - 4, x2: x(0), y2: bottom, cssClass: "zero")
        axis = SVGLine(x1: plotLeft + 10, y1: bottom, x2: plotRight - 10, y2: bottom, cssClass: "axis")
        ticks = scale.ticks.map { SVGText(x: x($0), y: bottom + 20, text: NumberFormat.fixed($0, decimals: scale.decimals), cssClass: "tick") }
        tickMarks = scale.ticks.map { SVGLine(x1: x($0), y1: bottom, x2: x($0), y2: bottom + 5, cssClass: "axis") }
        let contrast = outcomes.first?.contrast ?? ""
        axisTitle = SVGText(x: (plotLeft + plotRight) / 2, y: bottom + 44,
                            text: contrast.isEmpty ? "Standardized difference (Cohen's d)" : "Standardized difference, Cohen's d (\(contrast))",
                            cssClass: "axis-title")
        headers = [
            SVGText(x: 8, y: 18, text: "Outcome", cssClass: "header", anchor: "start"),
            SVGText(x: (plotLeft + plotRight) / 2, y: 18, text: "d with 95% CI", cssClass: "header"),
            SVGText(x: plotRight + 14, y: 18, text: "d [95% CI]", cssClass: "header", anchor: "start"),
        ]
        width = NumberFormat.coordinate(plotRight + m.valueWidth)
        height = NumberFormat.coordinate(bottom + 56)
    }

    /// The CI line of one row, or nil when a bound is unknown.
    private static func interval(_ d: Estimate, y: Double, x: LinearScale) -> SVGLine? {
        guard let lower = d.lower, let upper = d.upper else { return nil }
        return SVGLine(x1: x(lower), y1: y, x2: x(upper), y2: y, cssClass: "ci")
    }
}
