/// One row of a stored allocation list (generated or imported), as exported.
public struct ListRow: Sendable, Equatable {
    public var slot: AllocationSlot
    /// The slot's randomization code (``RandomizationCodes``, or the number of an imported REDCap
    /// row); nil when the list has none.
    public var code: String?

    public init(slot: AllocationSlot, code: String?) { self.slot = slot; self.code = code }
}

/// The formats a stored list can be written in.
public enum AllocationExportFormat: String, Sendable, CaseIterable {
    /// A REDCap allocation table: `redcap_randomization_group`, then one column per
    /// stratification factor, all as raw choice codes (see ``RedcapAllocationTable``).
    case redcap
    /// Sealed Envelope's list layout: block identifier, block size, sequence within block,
    /// stratum, treatment, randomization code.
    case sealedEnvelope = "sealed-envelope"
    /// ``AllocationListCSV``: every field of every slot, byte-identical to the list the seed generates.
    case csv
}

public enum AllocationExport {
    public static let sealedEnvelopeHeader =
        "block_id,block_size,sequence_within_block,stratum,treatment,randomization_code"

    /// `rows` (ordered by stratum, then sequence) in `format`. RFC 4180 CSV with "\n" line ends.
    public static func render(_ format: AllocationExportFormat, rows: [ListRow], design: ListDesign) -> String {
        switch format {
        case .redcap: return RedcapAllocationTable.render(rows: rows, design: design)
        case .csv: return AllocationListCSV.render(slots: rows.map(\.slot), design: design)
        case .sealedEnvelope: return sealedEnvelope(rows: rows, design: design)
        }
    }

    /// Block identifiers run 1, 2, 3… over the whole list (strata in order), so each names one
    /// block; they and the block fields are empty for lists without blocks (complete
    /// randomization, imported tables).
    static func sealedEnvelope(rows: [ListRow], design: ListDesign) -> String {
        var lines = [sealedEnvelopeHeader]
        var blockID = 0
        var current: (stratum: Int, block: Int)?
        for row in rows {
            let slot = row.slot
            var block = "", size = "", position = ""
            if let number = slot.block, let blockSize = slot.blockSize, let inBlock = slot.positionInBlock {
                if current == nil || current! != (slot.stratum, number) {
                    blockID += 1
                    current = (slot.stratum, number)
                }
                block = String(blockID); size = String(blockSize); position = String(inBlock)
            }
            let stratum = AllocationListCSV.field(design.strata.label(ofStratum: slot.stratum))
            let arm = AllocationListCSV.field(design.arms.arms[slot.arm].code)
            lines.append([block, size, position, stratum, arm, AllocationListCSV.field(row.code ?? "")]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
