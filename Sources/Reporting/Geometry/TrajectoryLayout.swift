/// Lays out the plot of mean trajectories: visits evenly spaced on x, means with 95% CI whiskers on
/// a nice y scale (``NiceScale``), one colour and marker per arm, points of different arms dodged
/// sideways so their whiskers do not overlap, and the number of participants per arm and visit
/// under the axis (as in a Kaplan–Meier "number at risk" table).
struct TrajectoryLayout {
    struct Series {
        let name: String
        let colour: String
        let line: SVGPath
        let whiskers: [SVGLine]
        let markers: [SVGMarker]
        let legendMarker: SVGMarker
        let legendLine: SVGLine
        let legendText: SVGText
        let counts: [SVGText]
        let countLabel: SVGText
    }

    let width: String
    let height: String
    let gridLines: [SVGLine]
    let yTicks: [SVGText]
    let xTicks: [SVGText]
    let axes: [SVGLine]
    let yTitle: SVGText
    let xTitle: SVGText
    let countsTitle: SVGText
    let series: [Series]

    private static let plotWidth = 560.0
    private static let plotHeight = 300.0
    private static let left = 150.0
    private static let top = 40.0
    private static let dodge = 9.0

    init(trajectory: Trajectory, armNames: [String]) {
        let m = Self.self
        let bottom = m.top + m.plotHeight
        let right = m.left + m.plotWidth
        let visitCount = max(trajectory.visits.count, 1)
        let band = m.plotWidth / Double(visitCount)
        let visitIndex = Dictionary(trajectory.visits.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let armCount = trajectory.arms.count

        let known = trajectory.arms.map { $0.filter { visitIndex[$0.visit] != nil } }
        let values = known.flatMap { $0.flatMap { [$0.lower, $0.upper, $0.mean] } }
        let scale = NiceScale(minimum: values.min() ?? 0, maximum: values.max() ?? 1, ticks: 6)
        let y = LinearScale(domain: (scale.lower, scale.upper), range: (bottom, m.top))
        func x(_ visit: Int, arm: Int) -> Double {
            m.left + band * (Double(visit) + 0.5) + (Double(arm) - Double(armCount - 1) / 2) * m.dodge
        }

        gridLines = scale.ticks.map { SVGLine(x1: m.left, y1: y($0), x2: right, y2: y($0), cssClass: "grid") }
        yTicks = scale.ticks.map { SVGText(x: m.left - 8, y: y($0) + 4, text: NumberFormat.fixed($0, decimals: scale.decimals), cssClass: "tick", anchor: "end") }
        xTicks = trajectory.visits.enumerated().map { SVGText(x: x($0, arm: 0) + (Double(armCount - 1) / 2) * m.dodge, y: bottom + 20, text: $1, cssClass: "tick") }
        axes = [
            SVGLine(x1: m.left, y1: m.top, x2: m.left, y2: bottom, cssClass: "axis"),
            SVGLine(x1: m.left, y1: bottom, x2: right, y2: bottom, cssClass: "axis"),
        ]
        yTitle = SVGText(x: m.left - 52, y: m.top + m.plotHeight / 2,
                         text: TextWrap.truncated(trajectory.outcomeLabel, width: m.plotHeight, fontSize: 13), cssClass: "axis-title")
        xTitle = SVGText(x: m.left + m.plotWidth / 2, y: bottom + 44, text: "Visit", cssClass: "axis-title")
        let countsTop = bottom + 72
        countsTitle = SVGText(x: 8, y: countsTop, text: "Number with data", cssClass: "muted", anchor: "start")

        var legendX = m.left
        series = known.enumerated().map { arm, points in
            let colour = Palette.arm(arm)
            let name = arm < armNames.count ? armNames[arm] : "Arm \(arm + 1)"
            let placed = points.compactMap { point in visitIndex[point.visit].map { (x($0, arm: arm), point) } }
                .sorted { $0.0 < $1.0 }
            let whiskers = placed.flatMap { px, point in [
                SVGLine(x1: px, y1: y(point.lower), x2: px, y2: y(point.upper), cssClass: "whisker", stroke: colour),
                SVGLine(x1: px - 4, y1: y(point.lower), x2: px + 4, y2: y(point.lower), cssClass: "whisker", stroke: colour),
                SVGLine(x1: px - 4, y1: y(point.upper), x2: px + 4, y2: y(point.upper), cssClass: "whisker", stroke: colour),
            ] }
            let markers = placed.map { px, point in
                SVGMarker(shape: Palette.marker(arm), x: px, y: y(point.mean), size: 9, fill: colour,
                          title: "\(name), \(point.visit): \(NumberFormat.fixed(point.mean, decimals: 1)) [\(NumberFormat.fixed(point.lower, decimals: 1)), \(NumberFormat.fixed(point.upper, decimals: 1))], n = \(point.n)")
            }
            let rowY = countsTop + 20 + Double(arm) * 18
            let counts = placed.map { px, point in
                SVGText(x: px - (Double(arm) - Double(armCount - 1) / 2) * m.dodge, y: rowY, text: "\(point.n)", cssClass: "count", anchor: "middle")
            }
            // The legend shares the plot's width equally between the arms; a longer name is cut.
            let legendY = m.top - 22
            let legendName = TextWrap.truncated(name, width: m.plotWidth / Double(max(armCount, 1)) - 50, fontSize: 13)
            let legend = (
                SVGMarker(shape: Palette.marker(arm), x: legendX + 14, y: legendY, size: 9, fill: colour, title: name),
                SVGLine(x1: legendX, y1: legendY, x2: legendX + 28, y2: legendY, cssClass: "series", stroke: colour),
                SVGText(x: legendX + 36, y: legendY + 4.5, text: legendName, cssClass: "legend", anchor: "start")
            )
            legendX += 50 + TextWrap.width(legendName, fontSize: 13)
            return Series(
                name: name, colour: colour,
                line: SVGPath(points: placed.map { ($0.0, y($0.1.mean)) }, cssClass: "series", stroke: colour),
                whiskers: whiskers, markers: markers,
                legendMarker: legend.0, legendLine: legend.1, legendText: legend.2,
                counts: counts,
                countLabel: SVGText(x: 8, y: rowY, text: TextWrap.truncated(name, width: m.left - 50, fontSize: 12),
                                    cssClass: "count-label", anchor: "start"))
        }
        width = NumberFormat.coordinate(right + 24)
        height = NumberFormat.coordinate(countsTop + 20 + Double(max(armCount, 1) - 1) * 18 + 14)
    }
}
