import Foundation

/// How numbers appear in the report. Every number shown passes through here, so a table never
/// shows "5.0999999" or "1e-05": fixed decimals, a true minus sign (U+2212), p-values in the
/// style of the CONSORT / ICMJE recommendations ("< 0.001", otherwise three decimals).
enum NumberFormat {
    /// `value` with exactly `decimals` decimals; "−0.0" is shown as "0.0".
    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(max(decimals, 0))f", value)
        if text.hasPrefix("-") {
            let magnitude = String(text.dropFirst())
            return magnitude.allSatisfy({ $0 == "0" || $0 == "." }) ? magnitude : "\u{2212}" + magnitude
        }
        return text
    }

    /// "5.1 [2.4, 7.8]", or "5.1" when the interval is unknown.
    static func withInterval(_ estimate: Estimate, decimals: Int) -> String {
        let point = fixed(estimate.estimate, decimals: decimals)
        guard let interval = interval(estimate, decimals: decimals) else { return point }
        return "\(point) \(interval)"
    }

    /// "[2.4, 7.8]", or nil when either bound is unknown.
    static func interval(_ estimate: Estimate, decimals: Int) -> String? {
        guard let lower = estimate.lower, let upper = estimate.upper else { return nil }
        return "[\(fixed(lower, decimals: decimals)), \(fixed(upper, decimals: decimals))]"
    }

    /// Two-sided p-value: "< 0.001" below 0.001, "> 0.999" above 0.999, otherwise three decimals.
    static func pValue(_ p: Double) -> String {
        if p < 0.001 { return "< 0.001" }
        if p > 0.999 { return "> 0.999" }
        return fixed(p, decimals: 3)
    }

    /// A count with its percentage of `total`, "130 (87.8%)"; just the count when total is 0.
    static func countWithPercent(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "\(count)" }
        return "\(count) (\(fixed(100 * Double(count) / Double(total), decimals: 1))%)"
    }

    /// An SVG coordinate: ASCII, two decimals at most, no exponent, no trailing zeros.
    static func coordinate(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
