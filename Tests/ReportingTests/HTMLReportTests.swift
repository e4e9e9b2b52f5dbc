import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reporting

@Suite struct HTMLReportTests {
    let html: String

    init() throws {
        html = try HTMLReport.render(SampleReport.document())
    }

    @Test func hasEverySection() {
        for id in ["report-header", "primary-result", "primary-table", "consort", "consort-diagram", "baseline-table",
                   "outcomes-table", "trajectory-plot", "forest-plot", "missingness-table", "model-details", "model-table",
                   "software-table"] {
            #expect(html.contains("id=\"\(id)\""), "missing element #\(id)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func primaryResultValues() throws {
        let table = try #require(section(of: html, from: "id=\"primary-table\"", to: "</table>"))
        #expect(table.contains("37.3 [35.4, 39.1]"))
        #expect(table.contains("32.1 [30.2, 34.1]"))
        #expect(table.contains("5.1 [2.4, 7.8]"))
        #expect(table.contains("&lt; 0.001"))
        #expect(table.contains("0.43 [0.20, 0.66]"))
        #expect(table.contains("278 / 801"))
        #expect(table.contains("Kenward–Roger, 271.4 df"))
        #expect(html.contains("<span class=\"big\" id=\"primary-difference\">5.1 [2.4, 7.8]</span>"))
        #expect(html.contains("<p class=\"sub\">p &lt; 0.001</p>"))
        #expect(html.contains("<p class=\"sub\">Cohen's d 0.43 [0.20, 0.66]</p>"))
    }

    @Test func outcomeTableFormatsNegativesAndPValues() throws {
        let table = try #require(section(of: html, from: "id=\"outcomes-table\"", to: "</table>"))
        #expect(table.contains("<td class=\"num\">\u{2212}0.3 [\u{2212}0.7, 0.1]</td>"))
        #expect(table.contains("<td class=\"num\">0.071</td>"))
        #expect(table.contains("<td class=\"num\">\u{2212}0.17 [\u{2212}0.40, 0.06]</td>"))
        #expect(table.components(separatedBy: "class=\"highlight\"").count == 2, "exactly the primary row is highlighted")
    }

    @Test func consortNumbers() throws {
        let svg = try #require(section(of: html, from: "id=\"consort-diagram\"", to: "</svg>"))
        for text in ["Assessed for eligibility (n = 412)", "Excluded (n = 116)", "Randomized (n = 296)", "Allocated to PEER",
                     "Allocated to SAU", "n = 148", "Week 12: 131 (88.5%)", "Week 26: 121 (81.8%)", "Analysed (n = 140)",
                     "Not analysed (n = 10)", "Enrolment", "Allocation", "Follow-up", "Analysis"] {
            #expect(svg.contains(">\(text)</text>"), "CONSORT lacks \(text)")
        }
    }

    @Test func baselineAndMissingness() throws {
        let baseline = try #require(section(of: html, from: "id=\"baseline-table\"", to: "</table>"))
        #expect(baseline.contains("<th scope=\"rowgroup\" colspan=\"4\">Sex</th>"))
        #expect(baseline.contains("PEER<span class=\"count\">n = 148</span>"))
        #expect(baseline.contains("Total<span class=\"count\">n = 296</span>"))
        #expect(baseline.contains("<td class=\"num\">89 (60.1%)</td><td class=\"num\">92 (62.2%)</td><td class=\"num\">181 (61.1%)</td>"))
        let missing = try #require(section(of: html, from: "id=\"missingness-table\"", to: "</table>"))
        #expect(missing.contains("124 / 24 (16.2%)"))
    }

    @Test func everySVGIsWellFormedXML() throws {
        let svgs = svgElements(in: html)
        #expect(svgs.count == 3)
        for svg in svgs {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "?")")
        }
    }

    @Test func elementsAreBalanced() throws {
        for tag in ["section", "table", "thead", "tbody", "tr", "th", "td", "dl", "div", "p", "svg", "g", "text", "header", "main", "footer"] {
            let opened = html.matches(of: try Regex("<\(tag)[ >]")).count
            let closed = html.components(separatedBy: "</\(tag)>").count - 1
            #expect(opened == closed, "<\(tag)> opened \(opened) times, closed \(closed) times")
        }
    }

    @Test func renderingIsDeterministic() throws {
        #expect(try HTMLReport.render(SampleReport.document()) == html)
    }

    @Test func selfContained() {
        let urls = html.matches(of: /https?:\/\/[^\s"'<>)]*/).map { String($0.output) }
        #expect(!urls.isEmpty)
        for url in urls { #expect(url == "http://www.w3.org/2000/svg", "external reference \(url)") }
        #expect(!html.contains("<script"))
        #expect(!html.contains(" src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        let cssURLs = html.matches(of: /url\(([^)]*)\)/).map { String($0.output.1) }
        for url in cssURLs { #expect(url.hasPrefix("#"), "url(\(url)) is not a fragment reference") }
    }

    @Test func hostileTextIsEscaped() throws {
        var document = SampleReport.document(title: "<script>alert('x')</script>", armNames: ["A&B <b>", "\"Care\" as usual"])
        document.outcomes[0].label = "<img src=x onerror=alert(1)>"
        document.modelDetails.append(.init(label: "Note", text: "</dd></dl><script>bad()</script>"))
        let page = try HTMLReport.render(document)
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("<b>"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(page.contains("Allocated to A&amp;B &lt;b&gt;"))
        #expect(page.contains("&quot;Care&quot; as usual"))
        for svg in svgElements(in: page) {
            #expect(XMLParser(data: Data(svg.utf8)).parse())
        }
    }

    @Test func inconsistentDocumentsAreRefusedWithTheField() {
        var document = SampleReport.document()
        document.outcomes[1].marginalMeans.removeLast()
        #expect(throws: ReportError.armCountMismatch(field: "outcomes[1].marginalMeans", expected: 2, found: 1)) {
            try HTMLReport.render(document)
        }
        document = SampleReport.document()
        document.outcomes[0].cohenD.upper = .nan
        #expect(throws: ReportError.notFinite(field: "outcomes[0].cohenD")) { try HTMLReport.render(document) }
        document = SampleReport.document()
        document.missingness.append(.init(arm: 2, visit: "Week 12", observed: 1, missing: 0))
        #expect(throws: ReportError.armOutOfRange(field: "missingness[4].arm", index: 2, armCount: 2)) {
            try HTMLReport.render(document)
        }
        document = SampleReport.document()
        document.consort.arms[0].analysed = 149
        #expect(throws: ReportError.inconsistentCount(field: "consort.arms[0].analysed", detail: "149 analysed is not between 0 and 148 allocated")) {
            try HTMLReport.render(document)
        }
        document = SampleReport.document()
        document.consort.randomized = 300
        #expect(throws: ReportError.inconsistentCount(field: "consort.arms", detail: "the arms' allocated counts add up to 296 but 300 were randomized")) {
            try HTMLReport.render(document)
        }
        document = SampleReport.document()
        document.consort.arms[1].visits[1].withData = 200
        #expect(throws: ReportError.inconsistentCount(field: "consort.arms[1].visits[1].withData", detail: "200 with data at Week 26 is not between 0 and 148 allocated")) {
            try HTMLReport.render(document)
        }
        document = SampleReport.document(armNames: [])
        #expect(throws: ReportError.noArms) { try HTMLReport.render(document) }
        #expect(ReportError.armCountMismatch(field: "consort.arms", expected: 2, found: 3).description
            == "consort.arms has 3 entries but the report has 2 arms; give one entry per arm, in the order of armNames.")
    }

    @Test func threeArmsRenderWithOneColumnPerArm() throws {
        var document = SampleReport.document(armNames: ["Low dose", "High dose", "Placebo"])
        document.consort.arms.append(document.consort.arms[1])
        document.consort.randomized = 444
        document.consort.assessed = 600
        for index in document.baseline.rows.indices where document.baseline.rows[index].kind == .row {
            document.baseline.rows[index].values.append("—")
        }
        for index in document.outcomes.indices {
            document.outcomes[index].marginalMeans.append(document.outcomes[index].marginalMeans[1])
        }
        var trajectory = try #require(document.trajectory)
        trajectory.arms.append(trajectory.arms[1])
        document.trajectory = trajectory
        let page = try HTMLReport.render(document)
        let consort = try #require(section(of: page, from: "id=\"consort-diagram\"", to: "</svg>"))
        #expect(consort.contains(">Allocated to Placebo</text>"))
        #expect(consort.components(separatedBy: ">Analysed (n = 138)</text>").count == 3)
        let plot = try #require(section(of: page, from: "id=\"trajectory-plot\"", to: "</svg>"))
        #expect(plot.contains("fill=\"#009E73\""), "the third arm has the third palette colour")
        let outcomes = try #require(section(of: page, from: "id=\"outcomes-table\"", to: "</tr>"))
        #expect(outcomes.contains("Placebo</th>"))
        for svg in svgElements(in: page) { #expect(XMLParser(data: Data(svg.utf8)).parse()) }
    }

    @Test func longLabelsAreCutWithAnEllipsisInFigures() throws {
        var document = SampleReport.document()
        document.outcomes[2].label = "Warwick-Edinburgh Mental Wellbeing Scale, short form, Rasch-transformed total score"
        let page = try HTMLReport.render(document)
        let forest = try #require(section(of: page, from: "id=\"forest-plot\"", to: "</svg>"))
        #expect(forest.contains(">Warwick-Edinburgh Mental…</text>"))
        // Tables wrap instead, so the whole label is there.
        #expect(page.contains("<th scope=\"row\">Warwick-Edinburgh Mental Wellbeing Scale, short form, Rasch-transformed total score<span"))
    }

    @Test func optionalPartsAreLeftOut() throws {
        var document = SampleReport.document()
        document.trajectory = nil
        document.outcomes = []
        document.missingness = []
        document.baseline = BaselineTable(rows: [])
        document.consort.assessed = nil
        document.consort.excludedAtScreening = nil
        let page = try HTMLReport.render(document)
        for id in ["trajectory-plot", "forest-plot", "primary-table", "outcomes-table", "missingness-table", "baseline-table"] {
            #expect(!page.contains("id=\"\(id)\""), "#\(id) should be absent")
        }
        #expect(page.contains("id=\"consort-diagram\""))
        #expect(!page.contains("Assessed for eligibility"))
        #expect(page.contains(">Randomized (n = 296)</text>"))
    }
}

/// The text between the first `start` and the next `end` after it.
func section(of text: String, from start: String, to end: String) -> String? {
    guard let lower = text.range(of: start), let upper = text.range(of: end, range: lower.upperBound..<text.endIndex) else { return nil }
    return String(text[lower.lowerBound..<upper.upperBound])
}

/// Every `<svg …>…</svg>` element of an HTML page (the report's SVGs are not nested).
func svgElements(in html: String) -> [String] {
    var result: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
        result.append(String(rest[start.lowerBound..<end.upperBound]))
        rest = rest[end.upperBound...]
    }
    return result
}
