import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TrialCore

/// Reads the clinical data of an ODM file written by `ODMWriter` back into an `ExportDataset`,
/// with FoundationXML's streaming `XMLParser` (libxml2): records by participant, visit and
/// form (OIDs as in `ODMNames`), arms and strata from the randomization event. Arms count as
/// visible when the metadata defines the arm item.
public enum ODMReader {
    /// Parses `data`; `source` names the file in errors.
    public static func read(_ data: Data, source: String, trial: TrialProtocol) throws(ExportError) -> ExportDataset {
        let parser = XMLParser(data: data)
        let delegate = Delegate(source: source)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        let parsed = parser.parse()
        if let failure = delegate.failure { throw failure }
        guard parsed else {
            let detail = parser.parserError.map { String(describing: $0) } ?? "the parser stopped"
            throw .malformedXML(source: source, line: parser.lineNumber, detail: detail)
        }
        guard delegate.sawODM else { throw .unexpectedODM(source: source, line: 1, detail: "the root element is not ODM") }
        return ExportDataset(trial: trial, records: delegate.records, subjects: delegate.subjects.values.map { $0 },
                             armsVisible: delegate.armsVisible)
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let source: String
        var failure: ExportError?
        var sawODM = false
        var armsVisible = false
        var records: [CRFRecord] = []
        var subjects: [String: ExportSubject] = [:]
        private var subject: String?
        private var event: String?
        private var form: String?
        private var values: [String: String] = [:]

        init(source: String) { self.source = source }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            func fail(_ detail: String) {
                guard failure == nil else { return }
                failure = .unexpectedODM(source: source, line: parser.lineNumber, detail: detail)
                parser.abortParsing()
            }
            func required(_ key: String) -> String? {
                guard let value = attributes[key], !value.isEmpty else {
                    fail("<\(name)> has no \(key)")
                    return nil
                }
                return value
            }
            switch name {
            case "ODM":
                sawODM = true
            case "ItemDef":
                if attributes["OID"] == ODMNames.armItem { armsVisible = true }
            case "SubjectData":
                subject = required("SubjectKey")
            case "StudyEventData":
                guard subject != nil else { return fail("<StudyEventData> outside <SubjectData>") }
                event = required("StudyEventOID")
            case "FormData":
                guard event != nil else { return fail("<FormData> outside <StudyEventData>") }
                form = required("FormOID")
                values = [:]
            case "ItemData":
                guard form != nil, let oid = required("ItemOID") else {
                    return fail("<ItemData> outside <FormData>")
                }
                let value = attributes["Value"] ?? ""
                if oid == ODMNames.visitDateItem {
                    values[FieldReference.visitDate] = value
                } else {
                    values[oid] = value
                }
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "SubjectData": subject = nil
            case "StudyEventData": event = nil
            case "FormData": finishForm(parser)
            default: break
            }
        }

        private func finishForm(_ parser: XMLParser) {
            defer { form = nil; values = [:] }
            guard let subject, let event, let form else { return }
            if form == ODMNames.randomizationForm {
                var entry = subjects[subject] ?? ExportSubject(participantID: subject, arm: nil, strata: [:])
                for (oid, value) in values {
                    if oid == ODMNames.armItem {
                        entry.arm = value
                    } else if let factor = ODMNames.strip(ODMNames.stratumPrefix, from: oid) {
                        entry.strata[factor] = value
                    }
                }
                subjects[subject] = entry
                return
            }
            guard let visit = ODMNames.strip("SE.", from: event), let formName = ODMNames.strip("F.", from: form) else {
                failure = failure ?? .unexpectedODM(source: source, line: parser.lineNumber,
                                                    detail: "event \(event) / form \(form) is not a TrialKit OID")
                parser.abortParsing()
                return
            }
            var fields: [String: String] = [:]
            for (oid, value) in values {
                if oid == FieldReference.visitDate {
                    fields[oid] = value
                } else if let field = ODMNames.strip("I.", from: oid) {
                    fields[field] = value
                }
            }
            records.append(CRFRecord(participantID: subject, visit: visit, form: formName, values: fields))
        }
    }
}
