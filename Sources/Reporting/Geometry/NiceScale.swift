import Foundation

/// Axis ticks at "nice" numbers (1, 2 or 5 times a power of ten) that enclose the data.
///
/// Paul S. Heckbert, "Nice numbers for graph labels", in A. Glassner (ed.), *Graphics Gems*,
/// Academic Press 1990, pp. 61–63 ("loose labelling"): the range is rounded up to a nice number,
/// the tick spacing is the nice number nearest to range / (ticks − 1), and the axis runs from
/// floor(min / spacing) · spacing to ceil(max / spacing) · spacing.
struct NiceScale: Equatable {
    /// First and last tick; the axis domain.
    let lower: Double
    let upper: Double
    /// Distance between ticks.
    let spacing: Double
    /// Decimals needed to print every tick exactly: max(−floor(log10 spacing), 0).
    let decimals: Int

    /// - Parameters:
    ///   - minimum, maximum: the data range to enclose (swapped if given in reverse).
    ///   - ticks: the wanted number of ticks (Heckbert's `ntick`), at least 2.
    init(minimum: Double, maximum: Double, ticks: Int = 5) {
        var low = Swift.min(minimum, maximum)
        var high = Swift.max(minimum, maximum)
        if high - low < 1e-12 * Swift.max(abs(low), 1) {
            // A single value: open a window around it so it is not drawn on the frame.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let range = Self.niceNumber(high - low, round: false)
        let spacing = Self.niceNumber(range / Double(Swift.max(ticks, 2) - 1), round: true)
        self.spacing = spacing
        self.lower = (low / spacing).rounded(.down) * spacing
        self.upper = (high / spacing).rounded(.up) * spacing
        self.decimals = Swift.max(-Int(log10(spacing).rounded(.down)), 0)
    }

    /// Tick values from `lower` to `upper`, each computed as an integer multiple of the spacing
    /// (no accumulated rounding error).
    var ticks: [Double] {
        let first = Int((lower / spacing).rounded())
        let last = Int((upper / spacing).rounded())
        return (first...last).map { Double($0) * spacing }
    }

    /// Heckbert's `nicenum`: a nice number near `x` (> 0); rounded to the nearest of 1, 2, 5, 10
    /// times a power of ten when `round`, otherwise the smallest of them not below `x`.
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = log10(x).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }
}

/// Maps a data interval linearly onto a pixel interval (which may run backwards, as y does).
struct LinearScale {
    let domain: (lower: Double, upper: Double)
    let range: (start: Double, end: Double)

    init(domain: (Double, Double), range: (Double, Double)) {
        self.domain = (domain.0, domain.1)
        self.range = (range.0, range.1)
    }

    func callAsFunction(_ value: Double) -> Double {
        let width = domain.upper - domain.lower
        guard width != 0 else { return (range.start + range.end) / 2 }
        return range.start + (value - domain.lower) / width * (range.end - range.start)
    }
}
