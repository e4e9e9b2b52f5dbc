/// SVG text does not wrap, so labels are broken into lines here. Widths are estimated from the
/// character count (an average glyph of 0.56 em for the report's sans-serif font), which is
/// enough to keep a label inside its box without measuring fonts.
enum TextWrap {
    /// Average advance of one character, in em.
    static let averageGlyphWidth = 0.56

    /// Estimated width in pixels of `text` at `fontSize`.
    static func width(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * averageGlyphWidth * fontSize
    }

    /// The first line of `text` wrapped to `width`, with "…" when the rest was cut off.
    static func truncated(_ text: String, width: Double, fontSize: Double) -> String {
        if Self.width(text, fontSize: fontSize) <= width { return text }
        let first = lines(text, width: width - averageGlyphWidth * fontSize, fontSize: fontSize).first ?? ""
        return first.count < text.count ? first + "…" : first
    }

    /// Greedy word wrap into lines of at most `width` pixels; a word longer than a line is cut.
    static func lines(_ text: String, width: Double, fontSize: Double) -> [String] {
        let perLine = max(Int(width / (averageGlyphWidth * fontSize)), 4)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            while word.count > perLine {
                if !current.isEmpty { lines.append(current); current = "" }
                lines.append(String(word.prefix(perLine - 1)) + "-")
                word = String(word.dropFirst(perLine - 1))
            }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= perLine {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
