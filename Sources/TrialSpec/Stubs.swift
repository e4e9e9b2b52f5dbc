import TrialCore
import Yams
// Temporary: replaced by the full sections in the next commit.
enum FormSection {
    static func decodeForms(_ node: Node, names: inout NameRegistry, _ sink: inout ProblemSink) -> [Form] { [] }
}
enum VisitSection {
    static func decode(_ node: Node, forms: NameRegistry, names: inout NameRegistry, _ sink: inout ProblemSink) -> [Visit] { [] }
}
enum AnalysisSection {
    static func decode(_ node: Node, forms: [Form], formNames: NameRegistry, visits: [Visit],
                       visitNames: NameRegistry, _ sink: inout ProblemSink) -> AnalysisPlan? { nil }
}
extension TrialProtocol { public func summary() -> String { "\(title) (\(id))" } }
