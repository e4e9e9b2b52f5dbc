/// Arm colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies
/// (M. Okabe and K. Ito, "Color Universal Design", 2008; also Wong, Nature Methods 8:441, 2011).
enum Palette {
    static let arms = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]

    static func arm(_ index: Int) -> String { arms[index % arms.count] }

    /// Marker shape per arm so the plots also read in grey print.
    static func marker(_ index: Int) -> Marker { Marker.allCases[index % Marker.allCases.count] }

    enum Marker: CaseIterable { case circle, square, diamond, triangle }
}
