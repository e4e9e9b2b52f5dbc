import Testing
@testable import Reporting

/// Hand-computed values of Heckbert's loose labelling (Graphics Gems, 1990, pp. 61–63).
@Suite struct NiceScaleTests {
    /// Tick values are integer multiples of the spacing; compare them with this absolute tolerance.
    static let tickTolerance = 1e-9

    @Test func niceNumberRoundsToOneTwoFiveOrTen() {
        #expect(NiceScale.niceNumber(438, round: false) == 500)   // 4.38 → 5 (ceiling)
        #expect(NiceScale.niceNumber(125, round: true) == 100)    // 1.25 → 1 (nearest)
        #expect(NiceScale.niceNumber(0.25, round: true) == 0.2)   // 2.5 → 2
        #expect(NiceScale.niceNumber(0.83, round: false) == 1.0)  // 8.3 → 10
        #expect(NiceScale.niceNumber(3.0, round: true) == 5)      // 3 is not < 3 → 5
        #expect(NiceScale.niceNumber(2.0, round: false) == 2)     // exactly 2 stays 2
    }

    @Test func heckbertExample105To543() {
        // range = nice(438, ceil) = 500; spacing = nice(500 / 4, round) = 100.
        let scale = NiceScale(minimum: 105, maximum: 543, ticks: 5)
        #expect(scale.spacing == 100)
        #expect(scale.lower == 100)
        #expect(scale.upper == 600)
        #expect(scale.ticks == [100, 200, 300, 400, 500, 600])
        #expect(scale.decimals == 0)
    }

    @Test func negativeToPositiveFractions() {
        // range = nice(0.83, ceil) = 1; spacing = nice(0.25, round) = 0.2; axis −0.2 … 0.8.
        let scale = NiceScale(minimum: -0.12, maximum: 0.71, ticks: 5)
        let expected = [-0.2, 0, 0.2, 0.4, 0.6, 0.8]
        #expect(scale.ticks.count == expected.count)
        for (tick, value) in zip(scale.ticks, expected) { #expect(abs(tick - value) < Self.tickTolerance) }
        #expect(scale.decimals == 1)
        #expect(NumberFormat.fixed(scale.ticks[3], decimals: scale.decimals) == "0.4")
    }

    @Test func trajectoryRangeOfTheSample() {
        // CIs 28.6 … 39.1 with 6 ticks: range = nice(10.5, ceil) = 20, spacing = nice(4, round) = 5.
        let scale = NiceScale(minimum: 28.6, maximum: 39.1, ticks: 6)
        #expect(scale.spacing == 5)
        #expect(scale.ticks == [25, 30, 35, 40])
    }

    @Test func singleValueOpensAWindow() {
        let scale = NiceScale(minimum: 3, maximum: 3)
        #expect(scale.lower < 3 && scale.upper > 3)
        let zero = NiceScale(minimum: 0, maximum: 0)
        #expect(zero.lower <= -1 && zero.upper >= 1)
    }

    @Test func reversedInputIsSwapped() {
        #expect(NiceScale(minimum: 543, maximum: 105) == NiceScale(minimum: 105, maximum: 543))
    }

    @Test func linearScaleMapsEndsAndMiddle() {
        let y = LinearScale(domain: (25, 40), range: (340, 40))
        #expect(y(25) == 340)
        #expect(y(40) == 40)
        #expect(y(32.5) == 190)
    }
}

@Suite struct NumberFormatTests {
    @Test func fixedDecimalsAndTrueMinus() {
        #expect(NumberFormat.fixed(5.0999999, decimals: 1) == "5.1")
        #expect(NumberFormat.fixed(-0.3, decimals: 1) == "\u{2212}0.3")
        #expect(NumberFormat.fixed(-0.04, decimals: 1) == "0.0")
        #expect(NumberFormat.fixed(0.00001, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(37.25, decimals: 0) == "37")
    }

    @Test func pValues() {
        #expect(NumberFormat.pValue(0.00024) == "< 0.001")
        #expect(NumberFormat.pValue(0.0009999) == "< 0.001")
        #expect(NumberFormat.pValue(0.001) == "0.001")
        #expect(NumberFormat.pValue(0.0314) == "0.031")
        #expect(NumberFormat.pValue(0.5) == "0.500")
        #expect(NumberFormat.pValue(0.99995) == "> 0.999")
        #expect(NumberFormat.pValue(1e-12) == "< 0.001")
    }

    @Test func intervals() {
        #expect(NumberFormat.withInterval(Estimate(5.1, lower: 2.4, upper: 7.8), decimals: 1) == "5.1 [2.4, 7.8]")
        #expect(NumberFormat.withInterval(Estimate(-0.17, lower: -0.4, upper: 0.06), decimals: 2) == "\u{2212}0.17 [\u{2212}0.40, 0.06]")
        #expect(NumberFormat.withInterval(Estimate(0.43), decimals: 2) == "0.43")
        #expect(NumberFormat.countWithPercent(131, of: 148) == "131 (88.5%)")
    }

    @Test func coordinatesAreShortAndASCII() {
        #expect(NumberFormat.coordinate(12.0) == "12")
        #expect(NumberFormat.coordinate(12.345) == "12.35" || NumberFormat.coordinate(12.345) == "12.34")
        #expect(NumberFormat.coordinate(-0.001) == "0")
        #expect(NumberFormat.coordinate(-3.5) == "-3.5")
        #expect(NumberFormat.coordinate(1e-7) == "0")
    }

    @Test func wrapKeepsLinesWithinWidth() {
        let lines = TextWrap.lines("Allocated to a very long intervention arm name indeed", width: 120, fontSize: 13)
        #expect(lines.count > 1)
        for line in lines { #expect(TextWrap.width(line, fontSize: 13) <= 120) }
        #expect(lines.joined(separator: " ") == "Allocated to a very long intervention arm name indeed")
    }
}
