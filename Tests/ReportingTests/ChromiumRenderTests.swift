import Foundation
import Testing
@testable import Reporting

/// Renders the sample report in headless Chromium, takes a full-page PNG and checks, pixel by
/// pixel (scripts/png-stats.py), that the CONSORT diagram, the primary table and both plots are
/// drawn where the browser laid them out. Set REPORT_CHECK_DIR to keep the files (make report-check).
@Suite(.enabled(if: Chromium.executable != nil, "chromium is not installed (make deps installs it); the browser rendering check is skipped"))
struct ChromiumRenderTests {
    struct Element {
        let id: String
        /// Colours (hex) that must be drawn inside the element, with the least number of pixels.
        let colours: [(String, Int)]
    }

    /// Each figure or table and colours it must draw: CONSORT stage bands and box borders, the
    /// highlighted difference row, both arm colours (Okabe–Ito blue and orange), the filled primary
    /// square and the ink-coloured intervals and labels of the forest plot. Near-white colours are
    /// useless here: they match the white background within the 12-level tolerance.
    static let elements = [
        Element(id: "consort-diagram", colours: [("#dcebf7", 5000), ("#4a5563", 300)]),
        Element(id: "primary-table", colours: [("#fff6d6", 3000)]),
        Element(id: "trajectory-plot", colours: [("#0072b2", 150), ("#e69f00", 150)]),
        Element(id: "forest-plot", colours: [("#0b5cad", 40), ("#1f2933", 800)]),
        Element(id: "baseline-table", colours: []),
    ]
    /// png-stats.py prints fractions rounded to six decimals (half a unit of the last place, and a margin).
    static let printedFractionTolerance = 1e-6
    /// The least fraction of non-background pixels in an element's box (text, lines, fills).
    static let minimumInk = 0.02

    /// Calibrates the pixel path (page → Chromium → PNG → png-stats.py) on a page whose answer is
    /// known: one 300 × 200 px block of #0072b2 at (40, 60) on white, nothing else.
    @Test func pixelCheckFindsAKnownBlockAndABlankArea() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trialkit-calibrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("block.html")
        let png = directory.appendingPathComponent("block.png")
        try #"<!DOCTYPE html><html><body style="margin:0;background:#fff"><div style="position:absolute;left:40px;top:60px;width:300px;height:200px;background:#0072b2"></div></body></html>"#
            .write(to: page, atomically: true, encoding: .utf8)
        try Chromium.headless(["--screenshot=\(png.path)"], page: page, height: 400)
        let output = try Chromium.run(["/usr/bin/env", "python3", Chromium.packageRoot.appendingPathComponent("scripts/png-stats.py").path, png.path,
                                       "--rect", "block", "40", "60", "300", "200", "--rect", "blank", "400", "0", "800", "400",
                                       "--colour", "#0072b2"])
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let rects = try #require(stats["rects"] as? [String: [String: Any]])
        #expect(stats["width"] as? Int == 1280)
        #expect(stats["height"] as? Int == 400)
        #expect(stats["background"] as? String == "#ffffff")
        let fraction = try #require(stats["nonBackground"] as? Double)
        #expect(abs(fraction - 60_000.0 / (1280 * 400)) <= Self.printedFractionTolerance)
        #expect((rects["block"]?["colours"] as? [String: Int])?["#0072b2"] == 60_000)
        #expect(rects["block"]?["nonBackground"] as? Double == 1)
        #expect(rects["blank"]?["nonBackground"] as? Double == 0)
    }

    @Test func sampleReportRendersWithEveryFigure() throws {
        let keep = ProcessInfo.processInfo.environment["REPORT_CHECK_DIR"]
        let directory = keep.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("trialkit-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }

        let html = try HTMLReport.render(SampleReport.document())
        let report = directory.appendingPathComponent("report.html")
        let probe = directory.appendingPathComponent("layout-probe.html")
        let png = directory.appendingPathComponent("report.png")
        try html.write(to: report, atomically: true, encoding: .utf8)
        try Chromium.layoutProbe(html, ids: Self.elements.map(\.id)).write(to: probe, atomically: true, encoding: .utf8)

        // 1. Where did the browser put each element?
        let dom = try Chromium.headless(["--dump-dom"], page: probe, height: 4000)
        let json = try #require(section(of: dom, from: "<pre id=\"layout-boxes\">", to: "</pre>"))
            .replacingOccurrences(of: "<pre id=\"layout-boxes\">", with: "").replacingOccurrences(of: "</pre>", with: "")
        let layout = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let pageHeight = try #require(layout["documentHeight"] as? Int)
        let boxes = try #require(layout["boxes"] as? [String: [String: Double]])
        #expect(layout["documentWidth"] as? Int == 1280, "the page must not scroll sideways at 1280 px")

        // 2. A full-page screenshot of the report itself (no script in it).
        try Chromium.headless(["--screenshot=\(png.path)"], page: report, height: pageHeight)

        // 3. Pixels inside each element's box.
        var arguments = ["/usr/bin/env", "python3", Chromium.packageRoot.appendingPathComponent("scripts/png-stats.py").path, png.path]
        for element in Self.elements {
            let box = try #require(boxes[element.id], "#\(element.id) is not in the rendered page")
            #expect(box["width"]! > 200 && box["height"]! > 100, "#\(element.id) is rendered at \(box)")
            arguments += ["--rect", element.id] + ["x", "y", "width", "height"].map { String(Int(box[$0]!.rounded())) }
        }
        for colour in Set(Self.elements.flatMap { $0.colours.map(\.0) }) { arguments += ["--colour", colour] }
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(Chromium.run(arguments).utf8)) as? [String: Any])
        #expect(stats["width"] as? Int == 1280)
        #expect(stats["height"] as? Int == pageHeight)
        #expect(stats["background"] as? String == "#ffffff")
        let ink = try #require(stats["nonBackground"] as? Double)
        #expect(ink > 0.03, "the page is nearly blank: \(ink)")
        let rects = try #require(stats["rects"] as? [String: [String: Any]])
        var summary = ["report.png: \(stats["width"]!) x \(stats["height"]!) px, \(String(format: "%.1f", 100 * ink))% non-background"]
        for element in Self.elements {
            let rect = try #require(rects[element.id])
            let fraction = try #require(rect["nonBackground"] as? Double)
            let counts = try #require(rect["colours"] as? [String: Int])
            #expect(fraction > Self.minimumInk, "#\(element.id) is blank (\(fraction))")
            for (colour, least) in element.colours {
                #expect((counts[colour] ?? 0) >= least, "#\(element.id) has \(counts[colour] ?? 0) pixels of \(colour), want ≥ \(least)")
            }
            let box = boxes[element.id]!
            let colourText = element.colours.map { "\($0.0) \(counts[$0.0] ?? 0) px" }.joined(separator: ", ")
            summary.append("#\(element.id): \(Int(box["width"]!)) x \(Int(box["height"]!)) at (\(Int(box["x"]!)), \(Int(box["y"]!))), "
                + "\(String(format: "%.1f", 100 * fraction))% ink\(colourText.isEmpty ? "" : ", " + colourText)")
        }
        if keep != nil {
            // A smaller copy for the documentation (docs/report-example.png): drawn by the browser at
            // 0.75 device pixels per CSS pixel, so text stays sharp.
            let small = directory.appendingPathComponent("report-small.png")
            try Chromium.headless(["--screenshot=\(small.path)"], page: report, height: pageHeight, scale: 0.75)
            print(summary.joined(separator: "\n"))
        }
    }
}
