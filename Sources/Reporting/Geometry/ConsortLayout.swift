/// Lays out the CONSORT 2010 flow diagram (Schulz, Altman, Moher; BMJ 2010;340:c332, Figure 1)
/// for any number of arms: enrolment (assessed, excluded) and randomization in a centre column,
/// then one column per arm for allocation, follow-up and analysis, joined by arrows. Stage names
/// sit in a band on the left. All sizes in CSS pixels.
struct ConsortLayout {
    let width: String
    let height: String
    let boxes: [SVGTextBox]
    let arrows: [SVGPath]
    let stages: [SVGTextBox]

    private static let margin = 12.0
    private static let stageBand = 104.0
    private static let columnWidth = 250.0
    private static let columnGap = 36.0
    private static let lineHeight = 17.0
    private static let padding = 9.0
    private static let rowGap = 34.0
    private static let fontSize = 13.0

    init(flow: ConsortFlow, armNames: [String]) {
        let m = Self.self
        let armCount = max(armNames.count, 1)
        let columnsWidth = Double(armCount) * m.columnWidth + Double(armCount - 1) * m.columnGap
        let contentWidth = max(columnsWidth, 560)
        let left = m.margin + m.stageBand
        let centre = left + contentWidth / 2
        let columnsLeft = left + (contentWidth - columnsWidth) / 2
        let armCentres = (0..<armCount).map { columnsLeft + Double($0) * (m.columnWidth + m.columnGap) + m.columnWidth / 2 }

        var boxes: [SVGTextBox] = []
        var arrows: [SVGPath] = []
        var stages: [SVGTextBox] = []
        var y = m.margin

        func box(_ lines: [(String, String)], centreX: Double, top: Double, width: Double, minLines: Int = 0) -> (SVGTextBox, Double) {
            let count = max(lines.count, minLines)
            let height = 2 * m.padding + Double(count) * m.lineHeight
            let texts = lines.enumerated().map { index, line in
                SVGText(x: centreX, y: top + m.padding + Double(index + 1) * m.lineHeight - 4, text: line.0, cssClass: line.1)
            }
            let rect = SVGRect(x: centreX - width / 2, y: top, width: width, height: height, cssClass: "consort-box")
            return (SVGTextBox(rect: rect, lines: texts), height)
        }
        func stage(_ name: String, top: Double, bottom: Double) {
            let mid = (top + bottom) / 2
            let rect = SVGRect(x: m.margin, y: mid - 13, width: m.stageBand - 18, height: 26, cssClass: "consort-stage")
            stages.append(SVGTextBox(rect: rect, lines: [SVGText(x: m.margin + (m.stageBand - 18) / 2, y: mid + 4.5, text: name, cssClass: "stage-label")]))
        }
        func wrapped(_ text: String, _ cssClass: String, width: Double) -> [(String, String)] {
            TextWrap.lines(text, width: width - 2 * m.padding, fontSize: m.fontSize).map { ($0, cssClass) }
        }

        // Enrolment: assessed → (excluded) → randomized, in the centre column.
        let enrolmentTop = y
        if let assessed = flow.assessed {
            let (assessedBox, h) = box([("Assessed for eligibility (n = \(assessed))", "strong")], centreX: centre, top: y, width: 280)
            boxes.append(assessedBox)
            let lineTop = y + h
            y += h + m.rowGap
            if let excluded = flow.excludedAtScreening {
                let exclusionLeft = centre + 50
                let (excludedBox, eh) = box([("Excluded (n = \(excluded))", "")], centreX: exclusionLeft + 110, top: y - m.rowGap / 2, width: 220)
                boxes.append(excludedBox)
                let arrowY = y - m.rowGap / 2 + eh / 2
                arrows.append(SVGPath(points: [(centre, arrowY), (exclusionLeft, arrowY)], cssClass: "arrow"))
                y += eh
            }
            arrows.append(SVGPath(points: [(centre, lineTop), (centre, y)], cssClass: "arrow"))
        }
        let (randomizedBox, rh) = box([("Randomized (n = \(flow.randomized))", "strong")], centreX: centre, top: y, width: 240)
        boxes.append(randomizedBox)
        stage("Enrolment", top: enrolmentTop, bottom: y + rh)
        let splitTop = y + rh
        y += rh + m.rowGap

        // One column per arm, rows of equal height.
        func armRow(_ stageName: String, _ linesFor: (Int) -> [(String, String)], arrowsFromAbove: Bool) {
            let perArm = (0..<armCount).map(linesFor)
            let lineCount = perArm.map(\.count).max() ?? 1
            var height = 0.0
            for (arm, lines) in perArm.enumerated() {
                let (armBox, h) = box(lines, centreX: armCentres[arm], top: y, width: m.columnWidth, minLines: lineCount)
                boxes.append(armBox)
                height = h
                if arrowsFromAbove {
                    arrows.append(SVGPath(points: [(armCentres[arm], y - m.rowGap), (armCentres[arm], y)], cssClass: "arrow"))
                }
            }
            stage(stageName, top: y, bottom: y + height)
            y += height + m.rowGap
        }

        let arms = flow.arms
        for arm in 0..<armCount {
            let splitY = splitTop + m.rowGap / 2
            arrows.append(SVGPath(points: [(centre, splitTop), (centre, splitY), (armCentres[arm], splitY), (armCentres[arm], y)], cssClass: "arrow"))
        }
        armRow("Allocation", { arm in
            let name = arm < armNames.count ? armNames[arm] : "Arm \(arm + 1)"
            let allocated = arm < arms.count ? arms[arm].allocated : 0
            return wrapped("Allocated to \(name)", "strong", width: m.columnWidth) + [("n = \(allocated)", "")]
        }, arrowsFromAbove: false)
        armRow("Follow-up", { arm in
            guard arm < arms.count, !arms[arm].visits.isEmpty else { return [("No follow-up visits", "muted")] }
            let allocated = arms[arm].allocated
            return [("Primary outcome available", "muted")] + arms[arm].visits.map { visit in
                ("\(visit.visit): \(NumberFormat.countWithPercent(visit.withData, of: allocated))", "")
            }
        }, arrowsFromAbove: true)
        armRow("Analysis", { arm in
            guard arm < arms.count else { return [] }
            let notAnalysed = arms[arm].allocated - arms[arm].analysed
            return [("Analysed (n = \(arms[arm].analysed))", "strong"), ("Not analysed (n = \(max(notAnalysed, 0)))", "muted")]
        }, arrowsFromAbove: true)

        self.width = NumberFormat.coordinate(left + contentWidth + m.margin)
        self.height = NumberFormat.coordinate(y - m.rowGap + m.margin)
        self.boxes = boxes
        self.arrows = arrows
        self.stages = stages
    }
}
