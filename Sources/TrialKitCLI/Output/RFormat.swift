import Foundation

/// Number formatting in the style of R's printed summaries, so that `trialkit fit` reads like
/// `summary(lmer)` (R `format`, `formatReal`, `printCoefmat`, `format.pval`; R 4.2 sources,
/// src/main/format.c and src/library/stats/R/lm.R).
///
/// A column of numbers is shown with a common number of decimals: the most any of its values
/// needs to show `digits` significant digits (trailing zeros dropped). When that fixed
/// notation is wider than scientific notation, the whole column is scientific, as in R.
enum RFormat {
    /// The decimals needed to show `value` with `digits` significant digits, trailing zeros dropped.
    static func decimalsNeeded(_ value: Double, digits: Int) -> Int {
        guard value.isFinite, value != 0 else { return 0 }
        let (mantissa, exponent) = scientificParts(value, digits: digits)
        return max(0, mantissa.count - 1 - exponent)
    }

    /// The significant digits of `value` rounded to `digits` (trailing zeros dropped) and its
    /// decimal exponent, e.g. 0.02310 at 4 → ("231", -2).
    private static func scientificParts(_ value: Double, digits: Int) -> (String, Int) {
        let text = String(format: "%.\(max(digits - 1, 0))e", abs(value))
        let parts = text.split(separator: "e")
        var mantissa = parts[0].replacingOccurrences(of: ".", with: "")
        while mantissa.count > 1, mantissa.hasSuffix("0") { mantissa.removeLast() }
        return (mantissa, Int(parts[1]) ?? 0)
    }

    /// `value` with exactly `decimals` decimals; NaN, Inf and missing as R prints them.
    static func fixed(_ value: Double, decimals: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        let text = String(format: "%.\(decimals)f", value)
        // R never prints a negative zero.
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }

    /// R `format(values, digits = digits)` for a column: common decimals (at most
    /// `maxDecimals`), or scientific notation when that is narrower.
    static func column(_ values: [Double], digits: Int, maxDecimals: Int = 15) -> [String] {
        let decimals = min(values.map { decimalsNeeded($0, digits: digits) }.max() ?? 0, maxDecimals)
        let fixedTexts = values.map { fixed($0, decimals: decimals) }
        let mantissaDigits = values.filter { $0.isFinite && $0 != 0 }
            .map { scientificParts($0, digits: digits).0.count }.max() ?? 1
        let scientificTexts = values.map { scientific($0, significant: mantissaDigits) }
        let fixedWidth = fixedTexts.map(\.count).max() ?? 0
        let scientificWidth = scientificTexts.map(\.count).max() ?? 0
        return fixedWidth > scientificWidth ? scientificTexts : fixedTexts
    }

    /// `value` in R's scientific notation with `significant` digits, e.g. 3.26e-06.
    static func scientific(_ value: Double, significant: Int) -> String {
        guard value.isFinite else { return fixed(value, decimals: 0) }
        if value == 0 { return "0" }
        let text = String(format: "%.\(max(significant - 1, 0))e", value)
        let parts = text.split(separator: "e")
        let exponent = Int(parts[1]) ?? 0
        let digits = String(abs(exponent))
        return parts[0] + "e" + (exponent < 0 ? "-" : "+") + (digits.count < 2 ? "0" + digits : digits)
    }

    /// `printCoefmat`'s coefficient columns (estimate, SE and, for lmerTest, df) formatted
    /// together: rounded to max(1, digits − (1 + ⌊log10 min|x|⌋)) decimals, then `format`ted.
    static func coefficientColumns(_ columns: [[Double]], digits: Int) -> [[String]] {
        let magnitudes = columns.joined().filter { $0.isFinite && $0 != 0 }.map(abs)
        let smallest = magnitudes.min() ?? 1
        let rounding = max(1, digits - (1 + Int(floor(log10(smallest)))))
        let rounded = columns.map { $0.map { round($0, decimals: rounding) } }
        let decimals = min(rounded.joined().map { decimalsNeeded($0, digits: digits) }.max() ?? 0, rounding)
        return rounded.map { $0.map { fixed($0, decimals: decimals) } }
    }

    /// `printCoefmat`'s test-statistic column: rounded to `digits − 1` decimals, then `format`ted.
    static func statisticColumn(_ values: [Double], digits: Int) -> [String] {
        let rounding = max(1, min(5, digits - 1))
        return column(values.map { round($0, decimals: rounding) }, digits: digits, maxDecimals: rounding)
    }

    /// R `format.pval(p, digits)`: values below machine epsilon as `< 2e-16`; the others in two
    /// groups (exponent ≥ −3, or −4 when digits > 1, and the smaller ones), each `format`ted
    /// together, so 0.000688 stays fixed while 1.19e-06 is scientific.
    static func pValues(_ values: [Double], digits: Int) -> [String] {
        let epsilon = Double.ulpOfOne
        var result = values.map { $0.isNaN ? "NA" : "" }
        let usable = values.indices.filter { !values[$0].isNaN && values[$0] >= epsilon }
        let isFixed: (Int) -> Bool = {
            let exponent = floor(log10(values[$0]))
            return exponent >= -3 || (exponent == -4 && digits > 1)
        }
        for group in [usable.filter(isFixed), usable.filter { !isFixed($0) }] {
            for (index, text) in zip(group, column(group.map { values[$0] }, digits: digits)) {
                result[index] = text
            }
        }
        let tiny = values.indices.filter { !values[$0].isNaN && values[$0] < epsilon }
        if !tiny.isEmpty {
            var epsilonDigits = max(1, digits - 2)
            var separator = epsilonDigits == 1 ? "" : " "
            if !usable.isEmpty {
                let width = usable.map { result[$0].count }.max() ?? 0
                if epsilonDigits > 1, epsilonDigits + 6 > width { epsilonDigits = max(1, width - 7) }
                separator = epsilonDigits == 1 && width <= 6 ? "" : " "
            }
            for index in tiny { result[index] = "<" + separator + scientific(epsilon, significant: epsilonDigits) }
        }
        return result
    }

    /// R's significance stars for a p-value.
    static func stars(_ p: Double) -> String {
        guard !p.isNaN else { return "" }
        switch p {
        case ..<0.001: return "***"
        case ..<0.01: return "**"
        case ..<0.05: return "*"
        case ..<0.1: return "."
        default: return " "
        }
    }

    static let starsLegend = "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1"

    /// R `zapsmall(x, digits)`: rounds to digits − ⌈log10 max|x|⌉ decimals.
    static func zapsmall(_ values: [Double], digits: Int) -> [Double] {
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        guard largest > 0 else { return values }
        return values.map { round($0, decimals: max(0, digits - Int(ceil(log10(largest))))) }
    }

    /// Rounds half away from zero to `decimals` places, as R's `round` does for printing.
    static func round(_ value: Double, decimals: Int) -> Double {
        guard value.isFinite else { return value }
        let scale = pow(10, Double(decimals))
        let scaled = (value * scale).rounded()
        return scaled.isFinite ? scaled / scale : value
    }
}
