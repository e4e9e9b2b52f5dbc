import Foundation
import TrialCore

extension FuzzTarget {
    /// The protocol's expression language (edit checks, branching logic, calculations). An
    /// expression that parses is printed and parsed again: the printed form must parse too.
    public static let expression = FuzzTarget(name: "expression") { data in
        let text = String(decoding: data, as: UTF8.self)
        do throws(ExpressionError) {
            let parsed = try Expression.parse(text)
            _ = parsed.references
            _ = try Expression.parse(parsed.description)
            return .accepted(parsed.description)
        } catch {
            return .rejected(error.description)
        }
    }
}
