import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import CRFValidation
import TrialCore

/// Writes a trial's protocol and stored data as a CDISC ODM 1.3.2 snapshot
/// (`FileType="Snapshot"`, namespace `http://www.cdisc.org/ns/odm/v1.3`): the metadata
/// (`Study` → `GlobalVariables`, `MetaDataVersion` with `Protocol`, one `StudyEventDef` per visit,
/// one `FormDef` and `ItemGroupDef` per form, `ItemDef`s with range checks, `CodeList`s) and the
/// `ClinicalData` (`SubjectData` → `StudyEventData` → `FormData` → `ItemGroupData` → `ItemData`).
///
/// Structure and attribute names follow the ODM 1.3.2 specification (CDISC, 2013), sections
/// 3.1–3.3. OIDs are described in `ODMNames`. Empty values are left out (ODM: an absent
/// `ItemData` is no data); missing-value codes are written as the codes. Calculated fields carry
/// the value `RecordDerivation` computes. The XML is built with FoundationXML (libxml2), which
/// escapes every text and attribute value.
public struct ODMWriter {
    public let dataset: ExportDataset
    /// The `CreationDateTime` (written in UTC).
    public let created: Date
    /// `SourceSystemVersion`.
    public let version: String
    /// The protocol version stored in the database (part of the `MetaDataVersion` OID).
    public let protocolVersion: Int

    public init(dataset: ExportDataset, created: Date, version: String, protocolVersion: Int) {
        self.dataset = dataset; self.created = created; self.version = version; self.protocolVersion = protocolVersion
    }

    var studyOID: String { "S." + dataset.trial.id }
    var metaDataOID: String { "MDV.\(dataset.trial.id).v\(protocolVersion)" }

    /// The ODM document as UTF-8 XML (indented, one element per line).
    public func xml() throws(ExportError) -> Data {
        let root = XMLTree.element("ODM", attributes: [
            ("FileOID", "TrialKit.\(dataset.trial.id).\(Self.compactStamp(created))"),
            ("FileType", "Snapshot"),
            ("Description", dataset.trial.title),
            ("CreationDateTime", Self.stamp(created)),
            ("ODMVersion", "1.3.2"),
            ("Originator", "TrialKit"),
            ("SourceSystem", "TrialKit"),
            ("SourceSystemVersion", version),
        ])
        root.addNamespace(XMLNode.namespace(withName: "", stringValue: ODMNames.namespace) as! XMLNode)
        root.addChild(study())
        root.addChild(try clinicalData())
        let document = XMLDocument(rootElement: root)
        document.version = "1.0"
        document.characterEncoding = "UTF-8"
        return document.xmlData(options: [.nodePrettyPrint, .nodeCompactEmptyElement])
    }

    /// `2026-11-23T15:04:05Z`.
    static func stamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `20261123T150405Z`.
    static func compactStamp(_ date: Date) -> String {
        stamp(date).filter { $0 != "-" && $0 != ":" }
    }

    private func study() -> XMLElement {
        let trial = dataset.trial
        var protocolName = trial.id
        if let registration = trial.registration { protocolName += " (\(registration))" }
        let globals = XMLTree.element("GlobalVariables", [:], [
            XMLTree.text("StudyName", trial.title),
            XMLTree.text("StudyDescription", "Protocol \(trial.id) as stored in the TrialKit database, with its data."),
            XMLTree.text("ProtocolName", protocolName),
        ])
        return XMLTree.element("Study", ["OID": studyOID], [globals, ODMMetadata(dataset: dataset).element(oid: metaDataOID)])
    }

    private func clinicalData() throws(ExportError) -> XMLElement {
        let trial = dataset.trial
        var derivations: [String: RecordDerivation] = [:]
        var lookup = InMemoryRecords()
        for record in dataset.records {
            lookup.add(participant: record.participantID, visit: record.visit, form: record.form, values: record.values)
        }
        let byParticipant = Dictionary(grouping: dataset.orderedRecords(), by: \.participantID)
        var subjects: [XMLElement] = []
        for participant in dataset.participantIDs {
            var events: [XMLElement] = []
            if let subject = dataset.subjects[participant] {
                var items: [XMLElement] = []
                if dataset.armsVisible, let arm = subject.arm {
                    items.append(XMLTree.element("ItemData", ["ItemOID": ODMNames.armItem, "Value": arm]))
                }
                for factor in trial.stratification {
                    if let level = subject.strata[factor.name], !level.isEmpty {
                        items.append(XMLTree.element("ItemData", ["ItemOID": ODMNames.stratumItem(factor.name), "Value": level]))
                    }
                }
                if !items.isEmpty {
                    events.append(Self.event(ODMNames.randomizationEvent, form: ODMNames.randomizationForm,
                                             group: ODMNames.randomizationGroup, items: items))
                }
            }
            var currentVisit: String?
            var forms: [XMLElement] = []
            func closeVisit() {
                if let currentVisit, !forms.isEmpty {
                    events.append(XMLTree.element("StudyEventData", ["StudyEventOID": ODMNames.event(currentVisit)], forms))
                }
                forms = []
            }
            for record in byParticipant[participant] ?? [] {
                guard let form = trial.form(named: record.form) else { continue }
                if record.visit != currentVisit { closeVisit(); currentVisit = record.visit }
                var calculated: [String: String] = [:]
                if form.fields.contains(where: { $0.kind == .calculated }) {
                    if derivations[form.name] == nil {
                        do { derivations[form.name] = try RecordDerivation(trial: trial, form: form.name) } catch {
                            throw .invalidProtocol(detail: error.description)
                        }
                    }
                    calculated = derivations[form.name]!.derive(record.values, participant: participant, visit: record.visit,
                                                                lookup: lookup).calculated
                }
                var items: [XMLElement] = []
                if let date = record.values[FieldReference.visitDate], !date.isEmpty {
                    items.append(XMLTree.element("ItemData", ["ItemOID": ODMNames.visitDateItem, "Value": date]))
                }
                for field in form.fields {
                    let value = field.kind == .calculated ? calculated[field.name] ?? "" : record.values[field.name] ?? ""
                    if !value.isEmpty {
                        items.append(XMLTree.element("ItemData", ["ItemOID": ODMNames.item(field.name), "Value": value]))
                    }
                }
                forms.append(XMLTree.element("FormData", ["FormOID": ODMNames.form(form.name)], [
                    XMLTree.element("ItemGroupData", ["ItemGroupOID": ODMNames.group(form.name)], items),
                ]))
            }
            closeVisit()
            subjects.append(XMLTree.element("SubjectData", ["SubjectKey": participant], events))
        }
        return XMLTree.element("ClinicalData", ["StudyOID": studyOID, "MetaDataVersionOID": metaDataOID], subjects)
    }

    private static func event(_ event: String, form: String, group: String, items: [XMLElement]) -> XMLElement {
        XMLTree.element("StudyEventData", ["StudyEventOID": event], [
            XMLTree.element("FormData", ["FormOID": form], [
                XMLTree.element("ItemGroupData", ["ItemGroupOID": group], items),
            ]),
        ])
    }
}
