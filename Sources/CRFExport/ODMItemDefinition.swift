import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TrialCore

/// One field as an ODM `ItemDef`.
///
/// DataType: integer → `integer`, decimal and calculated → `float`, text and multichoice →
/// `text` (a multichoice value is its codes joined by `|`), date → `date`, datetime →
/// `datetime` (as entered: seconds may be left out), yes/no → `boolean` (values 1/0, which
/// `xs:boolean` accepts; no code list, since ODM code lists are integer, float, text or
/// string), choice → `integer` when every code is a whole number, else `text`, with its `CodeList`. `Length` is the longest of the range bounds and the stored values (at
/// least 1); a float's `SignificantDigits` is its `decimals`, else the most decimal places
/// stored. Hard ranges become `RangeCheck SoftHard="Hard"`, soft ranges `SoftHard="Soft"`;
/// missing-value codes are listed in the `Description` (ODM 1.3.2 has no element for them).
struct ODMItemDefinition {
    let field: Field
    /// The stored texts of this field (non-empty).
    let observed: [String]

    static func choiceDataType(_ field: Field) -> String {
        field.choices.allSatisfy { Int($0.code) != nil } ? "integer" : "text"
    }

    var dataType: String {
        switch field.kind {
        case .integer: "integer"
        case .decimal, .calculated: "float"
        case .text, .multichoice: "text"
        case .date: "date"
        case .datetime: "datetime"
        case .yesno: "boolean"
        case .choice: Self.choiceDataType(field)
        }
    }

    func element() -> XMLElement {
        var attributes: [(key: String, value: String)] = [("OID", ODMNames.item(field.name)), ("Name", field.name), ("DataType", dataType)]
        let codes = field.missingCodes.map(\.code)
        switch field.kind {
        case .integer, .decimal, .calculated, .text, .multichoice, .choice:
            let bounds = [field.min, field.max].compactMap { $0 }.map(Self.number)
            let longest = (bounds + observed + (field.choices.map(\.code)) + codes).map { $0.utf8.count }.max() ?? 1
            attributes.append(("Length", String(max(longest, 1))))
            if dataType == "float" {
                let places = field.decimals ?? observed.map(Self.decimalPlaces).max() ?? 0
                attributes.append(("SignificantDigits", String(places)))
            }
        default:
            break
        }
        var children: [XMLElement] = []
        if !field.missingCodes.isEmpty {
            children.append(XMLTree.translated("Description", "Missing-value codes: "
                + field.missingCodes.map { "\($0.code) = \($0.label)" }.joined(separator: "; ")))
        }
        children.append(XMLTree.translated("Question", field.label))
        children += rangeChecks(low: field.min, high: field.max, hard: true)
        children += rangeChecks(low: field.softMin, high: field.softMax, hard: false)
        if field.kind == .choice {
            children.append(XMLTree.element("CodeListRef", ["CodeListOID": ODMNames.codeList(field.name)]))
        }
        return XMLTree.element("ItemDef", attributes: attributes, children)
    }

    private func rangeChecks(low: Double?, high: Double?, hard: Bool) -> [XMLElement] {
        let range: String
        switch (low, high) {
        case let (low?, high?): range = "between \(Self.number(low)) and \(Self.number(high))"
        case let (low?, nil): range = "at least \(Self.number(low))"
        case let (nil, high?): range = "at most \(Self.number(high))"
        default: return []
        }
        let message = hard ? "\(field.name) must be \(range)." : "\(field.name) is expected to be \(range); confirm or correct it."
        return [("GE", low), ("LE", high)].compactMap { comparator, bound in
            bound.map { bound in
                XMLTree.element("RangeCheck", ["Comparator": comparator, "SoftHard": hard ? "Hard" : "Soft"], [
                    XMLTree.text("CheckValue", Self.number(bound)),
                    XMLTree.translated("ErrorMessage", message),
                ])
            }
        }
    }

    /// `18`, `2.5`.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    private static func decimalPlaces(_ text: String) -> Int {
        guard let point = text.firstIndex(where: { $0 == "." || $0 == "," }) else { return 0 }
        return text[text.index(after: point)...].prefix { $0.isNumber }.count
    }
}
