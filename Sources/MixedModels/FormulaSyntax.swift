/// The parse tree of an R formula, as R's own parser would build it.
///
/// Each node keeps the 0-based character offset where it starts (operators: where the
/// operator is), so later stages can point at the offending part of the formula.
indirect enum FormulaNode: Equatable, Sendable {
    case name(String, offset: Int)
    case number(Double, text: String, offset: Int)
    case call(String, arguments: [FormulaNode], offset: Int)
    /// `lhs op rhs`; `op` is one of `~ + - * / ^ : %in% | ||`.
    case binary(String, FormulaNode, FormulaNode, offset: Int)
    /// Prefix `-` or `+`.
    case unary(String, FormulaNode, offset: Int)
    /// Parentheses as written (R keeps them as a call to `(`).
    case group(FormulaNode, offset: Int)

    var offset: Int {
        switch self {
        case .name(_, let offset), .number(_, _, let offset), .call(_, _, let offset),
             .unary(_, _, let offset), .group(_, let offset):
            offset
        case .binary(_, let lhs, _, _):
            lhs.offset
        }
    }

    /// The node with any enclosing parentheses removed.
    var ungrouped: FormulaNode {
        if case .group(let inner, _) = self { return inner.ungrouped }
        return self
    }

    /// `true` for `(lhs | rhs)` and `(lhs || rhs)`, possibly inside more parentheses.
    var isRandomTerm: Bool {
        if case .group(let inner, _) = self, case .binary(let op, _, _, _) = inner.ungrouped {
            return op == "|" || op == "||"
        }
        return false
    }

    /// The label R's `deparse` gives this expression: spaces around `+ - * ~ | ||` and
    /// `%in%`, none around `/ ^ :`; non-syntactic names in backquotes; numbers with up to
    /// 15 significant digits.
    var deparsed: String {
        switch self {
        case .name(let name, _):
            return RNames.isSyntactic(name) ? name : "`\(name)`"
        case .number(let value, _, _):
            return RNumberFormat.string(value)
        case .call(let function, let arguments, _):
            return "\(function)(\(arguments.map(\.deparsed).joined(separator: ", ")))"
        case .binary(let op, let lhs, let rhs, _):
            let spaced = ["/", "^", ":"].contains(op) ? op : " \(op) "
            return lhs.deparsed + spaced + rhs.deparsed
        case .unary(let op, let operand, _):
            return op + operand.deparsed
        case .group(let inner, _):
            return "(\(inner.deparsed))"
        }
    }
}

/// R's rules for names.
enum RNames {
    static let reservedWords: Set<String> = [
        "if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE",
        "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "in",
    ]

    /// A syntactic R name: letters, digits, `.` and `_`, starting with a letter or with a dot
    /// not followed by a digit, and not a reserved word.
    static func isSyntactic(_ name: String) -> Bool {
        guard let first = name.first, !reservedWords.contains(name) else { return false }
        guard first.isLetter || first == "." else { return false }
        if first == ".", let second = name.dropFirst().first, second.isNumber { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }
    }
}
