import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Builds FoundationXML elements: attributes in the order given, text escaped by the library
/// (`&`, `<`, `>`, quotes, and line breaks and tabs in attribute values as character references,
/// so values survive attribute normalization).
enum XMLTree {
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:],
                        _ children: [XMLElement] = []) -> XMLElement {
        element(name, attributes: Array(attributes), children)
    }

    static func element(_ name: String, attributes: [(key: String, value: String)],
                        _ children: [XMLElement] = []) -> XMLElement {
        let element = XMLElement(name: name)
        for (key, value) in attributes {
            let attribute = XMLNode(kind: .attribute)
            attribute.name = key
            attribute.stringValue = value
            element.addAttribute(attribute)
        }
        for child in children { element.addChild(child) }
        return element
    }

    /// `<name>text</name>`.
    static func text(_ name: String, _ text: String) -> XMLElement {
        XMLElement(name: name, stringValue: text)
    }

    /// `<name><TranslatedText>text</TranslatedText></name>` (ODM's translatable text).
    static func translated(_ name: String, _ text: String) -> XMLElement {
        element(name, [:], [self.text("TranslatedText", text)])
    }
}
