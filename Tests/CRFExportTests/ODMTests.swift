import Foundation
import Testing
import TrialCore
@testable import CRFExport

@Suite("ODM 1.3.2 export")
struct ODMTests {
    static let created = Date(timeIntervalSince1970: 1_795_000_000)

    func xml(_ dataset: ExportDataset) throws -> String {
        let data = try ODMWriter(dataset: dataset, created: Self.created, version: "0.1.0", protocolVersion: 1).xml()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("Root attributes, namespace and the metadata skeleton")
    func skeleton() throws {
        let text = try xml(try peerDataset(armsVisible: true))
        #expect(text.lowercased().hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\""))
        #expect(text.contains("xmlns=\"http://www.cdisc.org/ns/odm/v1.3\""))
        #expect(text.contains("ODMVersion=\"1.3.2\""))
        #expect(text.contains("FileType=\"Snapshot\""))
        #expect(text.contains("CreationDateTime=\"\(ODMWriter.stamp(Self.created))\""))
        #expect(ODMWriter.stamp(Self.created).hasSuffix("Z"))
        for visit in ["baseline", "post", "followup"] { #expect(text.contains("<StudyEventDef OID=\"SE.\(visit)\"")) }
        #expect(text.contains("<StudyEventRef StudyEventOID=\"SE.RANDOMIZATION\" OrderNumber=\"1\""))
        #expect(text.contains("<FormDef OID=\"F.qpr15\""))
        #expect(text.contains("<ItemGroupDef OID=\"IG.qpr15\""))
        #expect(text.contains("<ItemDef OID=\"I.qpr01\" Name=\"qpr01\" DataType=\"integer\" Length=\"2\">"))
        #expect(text.contains("<RangeCheck Comparator=\"GE\" SoftHard=\"Hard\">"))
        #expect(text.contains("<CodeList OID=\"CL.sex\" Name=\"sex\" DataType=\"text\">"))
        #expect(text.contains("<CodeListItem CodedValue=\"female\">"))
        #expect(text.contains("<ItemDef OID=\"I.age_18_or_over\" Name=\"age_18_or_over\" DataType=\"boolean\">"))
        #expect(text.contains("<SubjectData SubjectKey=\"P001\">"))
    }

    @Test("ItemDef data types, lengths and significant digits per field kind")
    func dataTypes() throws {
        let trial = try loadProtocol("example-3arm.yaml")
        let text = try xml(ExportDataset(trial: trial, records: [], subjects: [], armsVisible: true))
        #expect(text.contains("<ItemDef OID=\"I.weight_kg\" Name=\"weight_kg\" DataType=\"float\" Length=\"3\" SignificantDigits=\"1\">"))
        #expect(text.contains("<ItemDef OID=\"I.measured_at\" Name=\"measured_at\" DataType=\"datetime\">"))
        #expect(text.contains("<ItemDef OID=\"I.consent_date\" Name=\"consent_date\" DataType=\"date\">"))
        #expect(text.contains("<ItemDef OID=\"I.current_treatment\" Name=\"current_treatment\" DataType=\"text\""))
        #expect(text.contains("<ItemDef OID=\"I.bmi\" Name=\"bmi\" DataType=\"float\""))
        #expect(text.contains("<RangeCheck Comparator=\"LE\" SoftHard=\"Soft\">"))
        #expect(text.contains("<CheckValue>250</CheckValue>"))
        #expect(text.contains("<Decode>\n") || text.contains("<Decode>"))
    }

    @Test("Blinded: no arm item, code list or value anywhere; strata stay")
    func blinded() throws {
        let dataset = try peerDataset(armsVisible: false)
        let text = try xml(dataset)
        #expect(!text.contains("I.ARM"))
        #expect(!text.contains("CL.ARM"))
        for arm in dataset.trial.arms { #expect(!text.contains("\"\(arm.code)\"")) }
        #expect(text.contains("I.STRATUM.municipality"))
        let unblinded = try xml(try peerDataset(armsVisible: true))
        #expect(unblinded.contains("<ItemData ItemOID=\"I.ARM\" Value=\"\(dataset.trial.arms[0].code)\"/>"))
    }

    @Test("Values round-trip: ODM read back gives the same wide CSV, byte for byte", arguments: [true, false])
    func roundTrip(armsVisible: Bool) throws {
        let dataset = try peerDataset(armsVisible: armsVisible)
        let data = try ODMWriter(dataset: dataset, created: Self.created, version: "0.1.0", protocolVersion: 1).xml()
        let back = try ODMReader.read(data, source: "peer.xml", trial: dataset.trial)
        #expect(back.armsVisible == armsVisible)
        for form in ["eligibility", "demographics", "qpr15", "wsas"] {
            let original = try WideTable(dataset, form: form).csv()
            #expect(!original.isEmpty)
            #expect(try WideTable(back, form: form).csv() == original, "form \(form)")
        }
    }

    @Test("Markup in values is escaped and read back unchanged")
    func escaping() throws {
        let trial = try loadProtocol("example-3arm.yaml")
        let note = "<b>bold</b> & \"quoted\" 'single'\nsecond line\ttab ø"
        let records = [CRFRecord(participantID: "E&1<", visit: "screening", form: "history",
                                    values: ["visit_date": "2023-04-10", "referral_code": "AR-7178", "history_notes": note])]
        let dataset = ExportDataset(trial: trial, records: records, subjects: [], armsVisible: true)
        let data = try ODMWriter(dataset: dataset, created: Self.created, version: "0.1.0", protocolVersion: 1).xml()
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("<b>bold"))
        #expect(text.contains("SubjectKey=\"E&amp;1&lt;\""))
        let back = try ODMReader.read(data, source: "x.xml", trial: trial)
        #expect(back.records.first?.values["history_notes"] == note)
        #expect(back.records.first?.participantID == "E&1<")
    }

    @Test("A file that is not XML, or not TrialKit's ODM, is a typed error naming the line")
    func badInput() throws {
        let trial = try loadProtocol("peer.yaml")
        #expect(throws: ExportError.self) { try ODMReader.read(Data("<ODM><SubjectData".utf8), source: "bad.xml", trial: trial) }
        do {
            _ = try ODMReader.read(Data("<ODM>\n<ItemData ItemOID=\"I.x\" Value=\"1\"/></ODM>".utf8), source: "odd.xml", trial: trial)
            Issue.record("no error")
        } catch {
            #expect(error == .unexpectedODM(source: "odd.xml", line: 2, detail: "<ItemData> outside <FormData>"))
        }
    }
}
