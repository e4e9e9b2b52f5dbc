import Foundation
import TrialCore
import Yams

/// A form's `items` key: a run of numbered fields with the same kind and range, such as the
/// items of a questionnaire.
///
/// Names are `prefix` followed by the item number, zero-padded to `width` digits (by default
/// the digits of the last number): prefix `qpr`, count 15 gives `qpr01` … `qpr15`; prefix
/// `wsas`, count 5 gives `wsas1` … `wsas5`. `{n}` in `label` is replaced by the number.
enum ItemGenerator {
    static let keys = ["prefix", "count", "start", "width", "label", "labels"] + FieldAttributes.keys
    /// Upper bound on generated items, to catch a mistyped count.
    static let maximumCount = 1000

    static func decode(_ node: Node, _ sink: inout ProblemSink) -> [Field] {
        guard let items = MappingReader(node, what: "`items`", keys: keys, sink: &sink) else { return [] }
        let prefix = items.string("prefix", required: true, &sink)
        if let prefix { checkIdentifier(prefix, kind: "item prefix", at: items.markOf("prefix"), &sink) }
        let count = items.int("count", required: true, &sink)
        if let count, !(1...maximumCount).contains(count) {
            sink.add(at: items.markOf("count"), "`count` must be between 1 and \(maximumCount), not \(count)")
        }
        let start = items.int("start", &sink) ?? 1
        if start < 0 { sink.add(at: items.markOf("start"), "`start` must be 0 or more, not \(start)") }
        let labels = items.stringList("labels", &sink)?.map(\.value)
        if let labels, let count, labels.count != count {
            sink.add(at: items.markOf("labels"), "`labels` has \(labels.count) entries but `count` is \(count); "
                + "give one label per item")
        }
        let template = items.string("label", &sink)
        if template != nil, labels != nil {
            sink.add(at: items.markOf("label"), "give either `label` (a template with {n}) or `labels`, not both")
        }
        let attributes = FieldAttributes.decode(items, &sink)
        guard let prefix, let count, (1...maximumCount).contains(count), start >= 0 else { return [] }
        let last = start + count - 1
        let width = items.int("width", &sink) ?? String(last).count
        if width < String(last).count || width > 9 {
            sink.add(at: items.markOf("width"), "`width` must be between \(String(last).count) (the digits of "
                + "the last item number, \(last)) and 9, not \(width)")
            return []
        }
        guard let attributes else { return [] }
        return (start...last).enumerated().map { index, number in
            let digits = String(number)
            let name = prefix + String(repeating: "0", count: width - digits.count) + digits
            let label = labels.flatMap { index < $0.count ? $0[index] : nil }
                ?? template?.replacingOccurrences(of: "{n}", with: digits) ?? name
            return attributes.field(name: name, label: label)
        }
    }
}
