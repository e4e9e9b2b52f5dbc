import Foundation

/// Formats numbers as R's `as.character(<double>)` does (R 4.x), which is how `factor(x)`
/// names the levels of a numeric column and how `deparse` writes numeric literals.
///
/// R's `formatReal` with 15 significant digits: find the fewest significant digits
/// `nsig ≤ 15` that show the value rounded to 15 digits, then use fixed notation when its
/// width is no larger than scientific notation's (`scipen = 0`). Examples (checked against R):
/// `10` → "10", `2.5` → "2.5", `1e5` → "1e+05", `123456` → "123456", `1e-4` → "1e-04",
/// `0.00012345` → "0.00012345", `1/3` → "0.333333333333333", `2^60` → "1152921504606846976".
public enum RNumberFormat {
    public static func string(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        let negative = value < 0
        // 15 significant digits in scientific form: "d.dddddddddddddde±XX".
        let scientific = String(format: "%.14e", abs(value))
        let parts = scientific.split(separator: "e")
        let exponent = Int(parts[1])!
        var digits = parts[0].replacingOccurrences(of: ".", with: "")
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        let significant = digits.count
        let sign = negative ? 1 : 0

        let rightDigits = max(0, significant - exponent - 1)
        let leftDigits = exponent >= 0 ? exponent + 1 : 1
        let fixedWidth = sign + leftDigits + (rightDigits > 0 ? rightDigits + 1 : 0)
        let exponentWidth = abs(exponent) >= 100 ? 5 : 4
        let scientificWidth = sign + (significant > 1 ? significant + 1 : 1) + exponentWidth

        if fixedWidth <= scientificWidth {
            return String(format: "%.\(rightDigits)f", value)
        }
        var mantissa = String(digits.prefix(1))
        if significant > 1 { mantissa += "." + digits.dropFirst() }
        let exponentDigits = String(abs(exponent))
        let paddedExponent = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
        return (negative ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + paddedExponent
    }
}
