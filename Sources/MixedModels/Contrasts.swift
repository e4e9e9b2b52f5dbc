import LinearAlgebra

/// How a term list becomes model-matrix columns: R's `model.matrix` with treatment contrasts.
///
/// Rules (R `stats` model.c, `TermCode` and `modelmatrix`; Chambers & Hastie 1992, §2.4.1):
/// - Each factor `f` in a term `t` is coded by **contrasts** (levels 2…k, the first level is
///   the reference) when `t` without `f` is empty or is contained in an earlier term;
///   otherwise by **indicators** of all k levels. So `a*b` gives contrasts everywhere while
///   `a:b` alone, or the nested `a/b = a + a:b`, gives indicators for the uncovered factor.
/// - Without an intercept, the first factor of the first term that has a factor gets all k
///   indicators (`0 + tension + wool` → `tensionH tensionL tensionM woolB`).
/// - The intercept column comes first, then the terms in `FormulaTermList` order; within a
///   term the first variable varies fastest. Names join the parts with `:`; a factor part
///   is the variable label followed by the level (`SexMale`, `factor(age)10`).
struct ModelMatrixCoding: Sendable {
    /// A variable as the coding sees it: its label and, for a factor, its levels.
    struct Variable: Sendable {
        var label: String
        var levels: [String]?
    }

    /// One variable of a term and whether it is coded by all indicators (`full`).
    struct Part: Sendable {
        var variable: Int
        var full: Bool
    }

    /// A value of a variable for one row: a number for a covariate, a level index for a factor.
    enum Value {
        case number(Double)
        case level(Int)
    }

    let variables: [Variable]
    let hasIntercept: Bool
    let terms: [[Part]]
    let columnNames: [String]

    /// - Parameter variableIndex: the position in `variables` of each term variable.
    init(termList: FormulaTermList, variables: [Variable], variableIndex: (FormulaVariable) -> Int) {
        self.variables = variables
        self.hasIntercept = termList.hasIntercept
        let sets = termList.terms.map { Set($0.variables.map(variableIndex)) }
        var terms: [[Part]] = []
        for (position, term) in termList.terms.enumerated() {
            terms.append(term.variables.map { variable in
                let index = variableIndex(variable)
                var rest = sets[position]
                rest.remove(index)
                let covered = rest.isEmpty || sets[..<position].contains { rest.isSubset(of: $0) }
                return Part(variable: index, full: !covered)
            })
        }
        if !termList.hasIntercept {
            outer: for (position, term) in terms.enumerated() {
                for (partIndex, part) in term.enumerated() where variables[part.variable].levels != nil {
                    terms[position][partIndex].full = true
                    break outer
                }
            }
        }
        self.terms = terms
        var names = termList.hasIntercept ? ["(Intercept)"] : []
        for term in terms { names += Self.columnNames(term, variables) }
        self.columnNames = names
    }

    /// The number of columns a part contributes.
    private static func width(_ part: Part, _ variables: [Variable]) -> Int {
        guard let levels = variables[part.variable].levels else { return 1 }
        return part.full ? levels.count : levels.count - 1
    }

    private static func columnNames(_ term: [Part], _ variables: [Variable]) -> [String] {
        var names = [""]
        for (position, part) in term.enumerated() {
            let variable = variables[part.variable]
            let pieces: [String]
            if let levels = variable.levels {
                pieces = (part.full ? levels : Array(levels.dropFirst())).map { variable.label + $0 }
            } else {
                pieces = [variable.label]
            }
            // Earlier parts vary fastest: repeat the names so far for each new piece.
            names = pieces.flatMap { piece in
                names.map { position == 0 ? piece : $0 + ":" + piece }
            }
        }
        return names
    }

    /// Fills one model-matrix row (`columnNames.count` entries) from the row's variable values.
    func encode(_ value: (Int) -> Value) -> [Double] {
        var row: [Double] = hasIntercept ? [1] : []
        row.reserveCapacity(columnNames.count)
        for term in terms {
            var block: [Double] = [1]
            for part in term {
                let pieces: [Double]
                switch value(part.variable) {
                case .number(let x):
                    pieces = [x]
                case .level(let code):
                    let width = Self.width(part, variables)
                    let column = part.full ? code : code - 1
                    pieces = (0..<width).map { $0 == column ? 1 : 0 }
                }
                block = pieces.flatMap { piece in block.map { $0 * piece } }
            }
            row += block
        }
        return row
    }
}

extension ModelMatrixCoding {
    /// The model matrix (rows × `columnNames.count`, column-major) of evaluated variables,
    /// filled column by column: column c of a term is the product over its parts of the
    /// covariate or the level indicator, with c = c₁ + w₁(c₂ + w₂(…)) (earlier parts fastest).
    /// The same products in the same order as `encode`, without an array per row.
    func buildMatrix(_ evaluated: [EvaluatedVariable], rows: Int) -> Matrix {
        var matrix = Matrix(rows: rows, columns: columnNames.count)
        matrix.storage.withUnsafeMutableBufferPointer { storage in
            var column = 0
            if hasIntercept {
                for row in 0..<rows { storage[row] = 1 }
                column = 1
            }
            for term in terms {
                let widths = term.map { Self.width($0, variables) }
                for c in 0..<widths.reduce(1, *) {
                    let target = storage.baseAddress! + column * rows
                    for row in 0..<rows { target[row] = 1 }
                    var remainder = c
                    for (part, width) in zip(term, widths) {
                        let piece = remainder % width
                        remainder /= width
                        switch evaluated[part.variable] {
                        case .covariate(let values):
                            values.withUnsafeBufferPointer { x in for row in 0..<rows { target[row] *= x[row] } }
                        case .factor(let codes):
                            let level = part.full ? piece : piece + 1
                            codes.codes.withUnsafeBufferPointer { code in
                                for row in 0..<rows { target[row] *= code[row] == level ? 1 : 0 }
                            }
                        }
                    }
                    column += 1
                }
            }
        }
        return matrix
    }

    /// R's `assign` attribute: for each column, 0 for the intercept, else the 1-based term.
    var assign: [Int] {
        var result = hasIntercept ? [0] : []
        for (position, term) in terms.enumerated() {
            let width = term.reduce(1) { count, part in
                guard let levels = variables[part.variable].levels else { return count }
                return count * (part.full ? levels.count : levels.count - 1)
            }
            result += Array(repeating: position + 1, count: width)
        }
        return result
    }
}
