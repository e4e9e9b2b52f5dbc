import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TrialCore

/// The `MetaDataVersion` of an ODM export: `Protocol`, `StudyEventDef`s, `FormDef`s,
/// `ItemGroupDef`s, `ItemDef`s and `CodeList`s, in the order ODM 1.3.2 prescribes.
struct ODMMetadata {
    let dataset: ExportDataset

    func element(oid: String) -> XMLElement {
        let trial = dataset.trial
        let randomized = hasRandomizationItems
        var children: [XMLElement] = []
        var refs: [XMLElement] = []
        if randomized {
            refs.append(XMLTree.element("StudyEventRef", ["StudyEventOID": ODMNames.randomizationEvent, "OrderNumber": "1", "Mandatory": "No"]))
        }
        for (index, visit) in trial.visits.enumerated() {
            refs.append(XMLTree.element("StudyEventRef", [
                "StudyEventOID": ODMNames.event(visit.name), "OrderNumber": String(index + (randomized ? 2 : 1)), "Mandatory": "No",
            ]))
        }
        children.append(XMLTree.element("Protocol", [:], refs))
        if randomized {
            children.append(XMLTree.element("StudyEventDef", [
                "OID": ODMNames.randomizationEvent, "Name": "Randomization", "Repeating": "No", "Type": "Common",
            ], [XMLTree.element("FormRef", ["FormOID": ODMNames.randomizationForm, "OrderNumber": "1", "Mandatory": "Yes"])]))
        }
        for visit in trial.visits {
            let forms = visit.forms.enumerated().map { index, form in
                XMLTree.element("FormRef", ["FormOID": ODMNames.form(form), "OrderNumber": String(index + 1), "Mandatory": "No"])
            }
            let definition = XMLTree.element("StudyEventDef", [
                "OID": ODMNames.event(visit.name), "Name": visit.label, "Repeating": "No", "Type": "Scheduled",
            ], forms)
            definition.insertChild(XMLTree.translated("Description", "Day \(visit.day) (window \(visit.window.lowerBound) to "
                + "\(visit.window.upperBound) days from randomization)"), at: 0)
            children.append(definition)
        }
        if randomized {
            children.append(XMLTree.element("FormDef", ["OID": ODMNames.randomizationForm, "Name": "Randomization", "Repeating": "No"],
                                            [XMLTree.element("ItemGroupRef", ["ItemGroupOID": ODMNames.randomizationGroup, "Mandatory": "Yes"])]))
        }
        for form in trial.forms {
            children.append(XMLTree.element("FormDef", ["OID": ODMNames.form(form.name), "Name": form.label, "Repeating": "No"],
                                            [XMLTree.element("ItemGroupRef", ["ItemGroupOID": ODMNames.group(form.name), "Mandatory": "Yes"])]))
        }
        if randomized {
            var items: [XMLElement] = []
            if dataset.armsVisible { items.append(itemRef(ODMNames.armItem, order: 1, mandatory: true)) }
            for factor in trial.stratification {
                items.append(itemRef(ODMNames.stratumItem(factor.name), order: items.count + 1, mandatory: true))
            }
            children.append(XMLTree.element("ItemGroupDef", ["OID": ODMNames.randomizationGroup, "Name": "randomization", "Repeating": "No"], items))
        }
        for form in trial.forms {
            var items = [itemRef(ODMNames.visitDateItem, order: 1, mandatory: true)]
            for field in form.fields {
                items.append(itemRef(ODMNames.item(field.name), order: items.count + 1, mandatory: field.required))
            }
            children.append(XMLTree.element("ItemGroupDef", ["OID": ODMNames.group(form.name), "Name": form.name, "Repeating": "No"], items))
        }
        children += itemDefinitions()
        children += codeLists()
        return XMLTree.element("MetaDataVersion", ["OID": oid, "Name": "\(trial.id) protocol"], children)
    }

    /// Whether the export has a randomization event: visible arms or stratification factors.
    var hasRandomizationItems: Bool {
        (dataset.armsVisible && !dataset.trial.arms.isEmpty) || !dataset.trial.stratification.isEmpty
    }

    private func itemRef(_ oid: String, order: Int, mandatory: Bool) -> XMLElement {
        XMLTree.element("ItemRef", ["ItemOID": oid, "OrderNumber": String(order), "Mandatory": mandatory ? "Yes" : "No"])
    }

    private func itemDefinitions() -> [XMLElement] {
        let trial = dataset.trial
        var definitions: [XMLElement] = []
        if hasRandomizationItems {
            if dataset.armsVisible {
                let length = trial.arms.map(\.code.utf8.count).max() ?? 1
                definitions.append(XMLTree.element("ItemDef", ["OID": ODMNames.armItem, "Name": "arm", "DataType": "text",
                                                                "Length": String(max(length, 1))],
                                                   [XMLTree.translated("Question", "Arm"),
                                                    XMLTree.element("CodeListRef", ["CodeListOID": ODMNames.armCodeList])]))
            }
            for factor in trial.stratification {
                let length = factor.levels.map(\.utf8.count).max() ?? 1
                definitions.append(XMLTree.element("ItemDef", ["OID": ODMNames.stratumItem(factor.name), "Name": factor.name,
                                                                "DataType": "text", "Length": String(max(length, 1))],
                                                   [XMLTree.translated("Question", factor.label),
                                                    XMLTree.element("CodeListRef", ["CodeListOID": ODMNames.stratumCodeList(factor.name)])]))
            }
        }
        definitions.append(XMLTree.element("ItemDef", ["OID": ODMNames.visitDateItem, "Name": FieldReference.visitDate, "DataType": "date"],
                                           [XMLTree.translated("Question", "Date of the assessment")]))
        let observed = observedValues()
        for form in trial.forms {
            for field in form.fields {
                definitions.append(ODMItemDefinition(field: field, observed: observed[field.name] ?? []).element())
            }
        }
        return definitions
    }

    /// Every stored text of each field (for `Length` and `SignificantDigits`).
    private func observedValues() -> [String: [String]] {
        var values: [String: [String]] = [:]
        for record in dataset.records {
            for (name, text) in record.values where !text.isEmpty { values[name, default: []].append(text) }
        }
        return values
    }

    private func codeLists() -> [XMLElement] {
        let trial = dataset.trial
        var lists: [XMLElement] = []
        if hasRandomizationItems {
            if dataset.armsVisible {
                lists.append(Self.codeList(ODMNames.armCodeList, name: "arm", dataType: "text", trial.arms.map { ($0.code, $0.label) }))
            }
            for factor in trial.stratification {
                lists.append(Self.codeList(ODMNames.stratumCodeList(factor.name), name: factor.name, dataType: "text",
                                           factor.levels.map { ($0, $0) }))
            }
        }
        for form in trial.forms {
            for field in form.fields {
                switch field.kind {
                case .choice:
                    lists.append(Self.codeList(ODMNames.codeList(field.name), name: field.name,
                                               dataType: ODMItemDefinition.choiceDataType(field), field.choices.map { ($0.code, $0.label) }))
                default:
                    break
                }
            }
        }
        return lists
    }

    static func codeList(_ oid: String, name: String, dataType: String, _ items: [(code: String, label: String)]) -> XMLElement {
        XMLTree.element("CodeList", ["OID": oid, "Name": name, "DataType": dataType], items.map { item in
            XMLTree.element("CodeListItem", ["CodedValue": item.code], [XMLTree.translated("Decode", item.label)])
        })
    }
}
