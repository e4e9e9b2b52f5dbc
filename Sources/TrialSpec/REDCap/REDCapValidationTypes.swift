import TrialCore

/// What a REDCap text validation type becomes in TrialKit.
///
/// Type names are REDCap's data-dictionary names (REDCap's `redcap_validation_types` table, as
/// listed by REDCapR `redcap-metadata-coltypes.R`). Patterns are written for TrialKit (ICU
/// syntax, matched against the whole value); they are not copied from REDCap.
struct REDCapTextType {
    var kind: Field.Kind
    /// Most decimal places (`number_2dp`: 2). REDCap requires exactly that many; TrialKit checks
    /// at most that many.
    var decimals: Int? = nil
    var pattern: String? = nil
    /// Min/max are dates (`date`) or date-times (`datetime`), turned into edit checks.
    var temporal: Bool { kind == .date || kind == .datetime }

    static func named(_ name: String) -> REDCapTextType? {
        switch name {
        case "integer": return REDCapTextType(kind: .integer)
        case "number", "number_comma_decimal": return REDCapTextType(kind: .decimal)
        case "number_1dp", "number_1dp_comma_decimal": return REDCapTextType(kind: .decimal, decimals: 1)
        case "number_2dp", "number_2dp_comma_decimal": return REDCapTextType(kind: .decimal, decimals: 2)
        case "number_3dp", "number_3dp_comma_decimal": return REDCapTextType(kind: .decimal, decimals: 3)
        case "number_4dp", "number_4dp_comma_decimal": return REDCapTextType(kind: .decimal, decimals: 4)
        case "date_ymd", "date_mdy", "date_dmy": return REDCapTextType(kind: .date)
        case "datetime_ymd", "datetime_mdy", "datetime_dmy",
             "datetime_seconds_ymd", "datetime_seconds_mdy", "datetime_seconds_dmy":
            return REDCapTextType(kind: .datetime)
        case "time": return REDCapTextType(kind: .text, pattern: "([01][0-9]|2[0-3]):[0-5][0-9]")
        case "time_hh_mm_ss": return REDCapTextType(kind: .text, pattern: "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]")
        case "time_mm_ss": return REDCapTextType(kind: .text, pattern: "[0-5][0-9]:[0-5][0-9]")
        case "alpha_only": return REDCapTextType(kind: .text, pattern: "[A-Za-z]+")
        case "email":
            return REDCapTextType(kind: .text, pattern: "[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")
        case "phone":
            // North American numbers: area code and exchange start with 2-9; optional extension.
            return REDCapTextType(kind: .text, pattern:
                "\\(?[2-9][0-9]{2}\\)?[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}( *(x|ext\\.?) *[0-9]+)?")
        case "zipcode": return REDCapTextType(kind: .text, pattern: "[0-9]{5}(-[0-9]{4})?")
        case "postalcode_germany", "postalcode_french": return REDCapTextType(kind: .text, pattern: "[0-9]{5}")
        case "postalcode_australia": return REDCapTextType(kind: .text, pattern: "[0-9]{4}")
        case "postalcode_canada":
            return REDCapTextType(kind: .text, pattern: "[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]")
        case "ssn": return REDCapTextType(kind: .text, pattern: "[0-9]{3}-[0-9]{2}-[0-9]{4}")
        case "mrn_10d": return REDCapTextType(kind: .text, pattern: "[0-9]{10}")
        case "mrn_7d": return REDCapTextType(kind: .text, pattern: "[0-9]{7}")
        default: return nil
        }
    }

    /// The date order of a date or date-time type (`dmy`, `mdy`, else `ymd`).
    static func order(of name: String) -> String {
        if name.hasSuffix("_dmy") { return "dmy" }
        if name.hasSuffix("_mdy") { return "mdy" }
        return "ymd"
    }
}
