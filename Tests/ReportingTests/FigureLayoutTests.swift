import Testing
@testable import Reporting

@Suite struct FigureLayoutTests {
    struct Box { let x, y, width, height: Double }

    static func box(_ rect: SVGRect) -> Box {
        Box(x: Double(rect.x)!, y: Double(rect.y)!, width: Double(rect.width)!, height: Double(rect.height)!)
    }

    static func overlap(_ a: Box, _ b: Box) -> Bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    @Test(arguments: [1, 2, 3, 4])
    func consortBoxesNeitherOverlapNorOverflow(armCount: Int) {
        let names = (0..<armCount).map { "Arm number \($0 + 1) with a long descriptive name" }
        let arm = ConsortFlow.Arm(allocated: 100, visits: [.init(visit: "Week 12", withData: 90), .init(visit: "Week 26", withData: 80)], analysed: 95)
        let flow = ConsortFlow(assessed: 500, excludedAtScreening: 100, randomized: 100 * armCount, arms: Array(repeating: arm, count: armCount))
        let layout = ConsortLayout(flow: flow, armNames: names)
        #expect(layout.boxes.count == 3 + 3 * armCount)
        #expect(layout.stages.map { $0.lines[0].text } == ["Enrolment", "Allocation", "Follow-up", "Analysis"])
        let boxes = layout.boxes.map { Self.box($0.rect) }
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                #expect(!Self.overlap(boxes[i], boxes[j]), "boxes \(i) and \(j) overlap")
            }
        }
        let width = Double(layout.width)!, height = Double(layout.height)!
        for (box, textBox) in zip(boxes, layout.boxes) {
            #expect(box.x >= 0 && box.x + box.width <= width && box.y >= 0 && box.y + box.height <= height)
            for line in textBox.lines {
                #expect(TextWrap.width(line.text, fontSize: 13) <= box.width - 10, "'\(line.text)' overflows its box")
                let y = Double(line.y)!
                #expect(y > box.y && y < box.y + box.height)
            }
        }
        // One arrow per arm from "Randomized", two between each arm's rows, two in enrolment.
        #expect(layout.arrows.count == 2 + armCount * 3)
    }

    @Test func forestPlotPlacesZeroAndTheEstimates() {
        let layout = ForestLayout(outcomes: SampleReport.document().outcomes)
        // d spans −0.40 … 0.66 with 0: Heckbert gives −0.5 … 1.0 (spacing 0.5) mapped onto 270 … 550.
        #expect(layout.ticks.map(\.text) == ["\u{2212}0.5", "0.0", "0.5", "1.0"])
        #expect(layout.zeroLine.x1 == "363.33")
        // The primary square is centred on d = 0.43 → 270 + 0.93 / 1.5 · 280 = 443.6; 11 px wide.
        #expect(layout.rows[0].marker.x == "438.1")
        #expect(layout.rows[0].marker.cssClass == "point-primary")
        #expect(layout.rows[1].marker.cssClass == "point")
        #expect(layout.rows[3].value.text == "\u{2212}0.17 [\u{2212}0.40, 0.06]")
        #expect(layout.rows[0].interval?.x1 == "400.67")  // 0.20 → 270 + 0.7 / 1.5 · 280
    }

    @Test func forestRowWithoutIntervalHasNoLine() {
        var outcome = SampleReport.document().outcomes[0]
        outcome.cohenD = Estimate(0.4)
        let layout = ForestLayout(outcomes: [outcome])
        #expect(layout.rows[0].interval == nil)
        #expect(layout.rows[0].value.text == "0.40")
    }

    @Test func trajectoryPlacesMeansOnTheNiceScale() throws {
        let document = SampleReport.document()
        let layout = TrajectoryLayout(trajectory: try #require(document.trajectory), armNames: document.armNames)
        // CIs 28.6 … 39.1 → ticks 25 … 40; y runs from 340 (25) up to 40 (40).
        #expect(layout.yTicks.map(\.text) == ["25", "30", "35", "40"])
        #expect(layout.gridLines.map(\.y1) == ["340", "240", "140", "40"])
        #expect(layout.xTicks.map(\.text) == ["Baseline", "Week 12", "Week 26"])
        // PEER at week 26: mean 37.3 → y = 340 − 12.3 / 15 · 300 = 94; x = 150 + 560 · 5/6 − 4.5.
        let whisker = layout.series[0].whiskers[6]
        #expect(whisker.x1 == "612.17" && whisker.y1 == "132" && whisker.y2 == "58")
        #expect(layout.series[0].line.d.hasSuffix("L612.17 94"))
        #expect(layout.series[1].line.d.hasPrefix("M247.83 "))
        #expect(layout.series.map { $0.counts.map(\.text) } == [["148", "131", "124"], ["148", "128", "121"]])
        #expect(layout.series[0].colour != layout.series[1].colour)
    }

    @Test func trajectoryLegendFitsWithFourLongArmNames() throws {
        let base = try #require(SampleReport.document().trajectory)
        let names = ["Intensive peer support with booster sessions", "Peer support, standard", "Treatment as usual in the municipality", "Waiting list"]
        let trajectory = Trajectory(outcomeLabel: base.outcomeLabel, pointDescription: base.pointDescription, visits: base.visits,
                                    arms: [base.arms[0], base.arms[1], base.arms[0], base.arms[1]])
        let layout = TrajectoryLayout(trajectory: trajectory, armNames: names)
        let plotRight = Double(layout.axes[1].x2)!
        for series in layout.series {
            let x = Double(series.legendText.x)!
            #expect(x + TextWrap.width(series.legendText.text, fontSize: 13) <= plotRight, "legend '\(series.legendText.text)' runs past the plot")
        }
        #expect(layout.series[3].legendText.text == "Waiting list")
        #expect(layout.series[0].legendText.text.hasSuffix("…"))
    }

    @Test func trajectoryIgnoresPointsAtUnknownVisits() throws {
        var trajectory = try #require(SampleReport.document().trajectory)
        trajectory.arms[0].append(.init(visit: "Week 52", mean: 90, lower: 80, upper: 100, n: 3))
        let layout = TrajectoryLayout(trajectory: trajectory, armNames: SampleReport.arms)
        #expect(layout.series[0].markers.count == 3)
    }
}
