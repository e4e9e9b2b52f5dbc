/// Ready-to-place SVG pieces: every coordinate already formatted, every text still raw (the
/// template escapes it). Templates only copy these values into attributes.
struct SVGText {
    let x: String
    let y: String
    let text: String
    /// CSS class in the report's stylesheet (e.g. "strong", "muted", "tick").
    let cssClass: String
    /// "start", "middle" or "end".
    let anchor: String

    init(x: Double, y: Double, text: String, cssClass: String = "", anchor: String = "middle") {
        self.x = NumberFormat.coordinate(x)
        self.y = NumberFormat.coordinate(y)
        self.text = text
        self.cssClass = cssClass
        self.anchor = anchor
    }
}

struct SVGRect {
    let x: String
    let y: String
    let width: String
    let height: String
    let cssClass: String

    init(x: Double, y: Double, width: Double, height: Double, cssClass: String) {
        self.x = NumberFormat.coordinate(x)
        self.y = NumberFormat.coordinate(y)
        self.width = NumberFormat.coordinate(width)
        self.height = NumberFormat.coordinate(height)
        self.cssClass = cssClass
    }
}

struct SVGLine {
    let x1: String
    let y1: String
    let x2: String
    let y2: String
    let cssClass: String
    let stroke: String

    init(x1: Double, y1: Double, x2: Double, y2: Double, cssClass: String = "", stroke: String = "") {
        self.x1 = NumberFormat.coordinate(x1)
        self.y1 = NumberFormat.coordinate(y1)
        self.x2 = NumberFormat.coordinate(x2)
        self.y2 = NumberFormat.coordinate(y2)
        self.cssClass = cssClass
        self.stroke = stroke
    }
}

/// A path built from absolute moves and lines ("M x y L x y ...").
struct SVGPath {
    let d: String
    let cssClass: String
    let stroke: String

    init(points: [(Double, Double)], cssClass: String = "", stroke: String = "") {
        self.d = points.enumerated().map { index, point in
            "\(index == 0 ? "M" : "L")\(NumberFormat.coordinate(point.0)) \(NumberFormat.coordinate(point.1))"
        }.joined(separator: " ")
        self.cssClass = cssClass
        self.stroke = stroke
    }
}

/// A data marker (circle, square, diamond or triangle) drawn as a path centred on (x, y).
struct SVGMarker {
    let d: String
    let fill: String
    let title: String

    init(shape: Palette.Marker, x: Double, y: Double, size: Double, fill: String, title: String) {
        let r = size / 2
        let points: [(Double, Double)]
        switch shape {
        case .circle:
            // Two arcs make a circle; kept as a path so every marker is one element kind.
            let f = NumberFormat.coordinate
            self.d = "M\(f(x - r)) \(f(y)) A\(f(r)) \(f(r)) 0 1 0 \(f(x + r)) \(f(y)) A\(f(r)) \(f(r)) 0 1 0 \(f(x - r)) \(f(y)) Z"
            self.fill = fill
            self.title = title
            return
        case .square: points = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
        case .diamond: points = [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
        case .triangle: points = [(x, y - r * 1.2), (x + r * 1.2, y + r), (x - r * 1.2, y + r)]
        }
        self.d = SVGPath(points: points).d + " Z"
        self.fill = fill
        self.title = title
    }
}

/// A box with centred lines of text (CONSORT boxes, legend entries).
struct SVGTextBox {
    let rect: SVGRect
    let lines: [SVGText]
}
