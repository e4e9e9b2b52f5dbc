import TrialCore

extension REDCapConverter {
    /// Text Validation Min/Max (columns I, J). REDCap treats them as soft limits (a value
    /// outside may be saved after a warning) unless the annotation holds `@FORCE-MINMAX`, so
    /// numbers become `soft_min`/`soft_max`, or `min`/`max` when forced. Dates and date-times
    /// become edit checks (severity warning, or error when forced). A slider's range is hard.
    mutating func applyRange(_ draft: inout Draft, row: REDCapRow) {
        let isSlider = row.type.lowercased() == "slider"
        switch draft.field.kind {
        case .integer, .decimal:
            var bounds: [Double?] = [nil, nil]
            for (index, (text, part)) in [(row.minimum, "min"), (row.maximum, "max")].enumerated() where !text.isEmpty {
                guard let value = Double(text), value.isFinite else {
                    skipRow(row, part, "`\(text)` is not a number")
                    continue
                }
                if draft.field.kind == .integer, !isSlider, value != value.rounded() {
                    skipRow(row, part, "`\(text)` is not a whole number, and the field holds integers")
                    continue
                }
                bounds[index] = value
            }
            if let low = bounds[0], let high = bounds[1], low > high {
                skipRow(row, "min", "the minimum \(row.minimum) is above the maximum \(row.maximum)")
                return
            }
            if isSlider {
                if let low = bounds[0] { draft.field.min = low.rounded(.down) }
                if let high = bounds[1] { draft.field.max = high.rounded(.up) }
            } else if draft.forceRange {
                draft.field.min = bounds[0]; draft.field.max = bounds[1]
            } else {
                draft.field.softMin = bounds[0]; draft.field.softMax = bounds[1]
            }
        case .date, .datetime:
            let order = REDCapTextType.order(of: draft.validation)
            for (text, part) in [(row.minimum, "min"), (row.maximum, "max")] where !text.isEmpty {
                guard let literal = Self.temporalLiteral(text, kind: draft.field.kind, order: order) else {
                    skipRow(row, part, "`\(text)` is not a \(draft.field.kind == .date ? "date" : "date-time") TrialKit can compare with "
                        + "(such as 'today' or a date in another order)")
                    continue
                }
                let isMin = part == "min"
                let written = literal.dropFirst(literal.hasPrefix("date(") ? 6 : 10).dropLast(2)
                draft.rangeChecks.append(EditCheck(
                    condition: "[\(draft.field.name)] \(isMin ? ">=" : "<=") \(literal)",
                    severity: draft.forceRange ? .error : .warning,
                    message: "`\(draft.field.name)` is \(isMin ? "before" : "after") \(written), the REDCap "
                        + "\(isMin ? "minimum" : "maximum"); confirm or correct it",
                    field: draft.field.name))
            }
        default:
            for (text, part) in [(row.minimum, "min"), (row.maximum, "max")] where !text.isEmpty {
                skipRow(row, part, "a \(part == "min" ? "minimum" : "maximum") for a \(draft.field.kind.rawValue) field is not converted")
            }
        }
    }

    /// `date("YYYY-MM-DD")` or `datetime("YYYY-MM-DDTHH:MM[:SS]")` from a REDCap limit written
    /// Y-M-D, or in the field's own order (`dmy`, `mdy`).
    static func temporalLiteral(_ text: String, kind: Field.Kind, order: String) -> String? {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        guard let datePart = parts.first else { return nil }
        var ymd = datePart
        let pieces = datePart.split(separator: "-").map(String.init)
        if pieces.count == 3, pieces[0].count <= 2 {
            switch order {
            case "dmy": ymd = "\(pieces[2])-\(pieces[1])-\(pieces[0])"
            case "mdy": ymd = "\(pieces[2])-\(pieces[0])-\(pieces[1])"
            default: return nil
            }
        }
        if kind == .date {
            guard parts.count == 1, CalendarDate(iso: ymd) != nil else { return nil }
            return "date(\"\(ymd)\")"
        }
        let stamp = ymd + "T" + (parts.count == 2 ? parts[1] : "00:00")
        guard CalendarDate(iso: ymd) != nil, parseISOTimestamp(stamp) != nil else { return nil }
        return "datetime(\"\(stamp)\")"
    }
}
