import Foundation
import MixedModels

extension FuzzTarget {
    /// The model formula parser (lme4 syntax), on the bytes read as UTF-8 (invalid bytes
    /// become U+FFFD, as a text field would give them).
    public static let formula = FuzzTarget(name: "formula") { data in
        let text = String(decoding: data, as: UTF8.self)
        do throws(FormulaError) {
            let formula = try Formula.parse(text)
            return .accepted(formula.description)
        } catch {
            return .rejected(error.description)
        }
    }
}
