/// The allocation list as CSV (RFC 4180: comma-separated, "\n" line ends, fields quoted when they
/// contain a comma, quote or line break). Columns: `stratum_index` (1-based), `stratum`
/// (``StratumLayout/label(ofStratum:)``), `sequence`, `block`, `block_size`, `block_position`
/// (empty for complete randomization), `arm_index` (1-based), `arm` (arm code).
public enum AllocationListCSV {
    public static let header = "stratum_index,stratum,sequence,block,block_size,block_position,arm_index,arm"

    public static func render(_ list: AllocationList) -> String {
        render(slots: list.slots, design: list.design)
    }

    /// The same table for slots held elsewhere (a stored or imported list), in the order given.
    public static func render(slots: [AllocationSlot], design: ListDesign) -> String {
        var lines = [header]
        lines.reserveCapacity(slots.count + 1)
        let labels = (0..<design.strata.count).map { field(design.strata.label(ofStratum: $0)) }
        let codes = design.arms.arms.map { field($0.code) }
        for slot in slots {
            let optional = [slot.block, slot.blockSize, slot.positionInBlock].map { $0.map(String.init) ?? "" }
            lines.append(([String(slot.stratum + 1), labels[slot.stratum], String(slot.sequence)] + optional
                + [String(slot.arm + 1), codes[slot.arm]]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Quotes a field when RFC 4180 requires it.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        var quoted = "\""
        for character in text { quoted += character == "\"" ? "\"\"" : String(character) }
        return quoted + "\""
    }
}
