import TrialCore

/// The OIDs TrialKit's ODM files use: a prefix per kind of definition and the protocol's own
/// name, so a file reads back without a mapping table.
///
/// `SE.<visit>`, `F.<form>`, `IG.<form>`, `I.<field>` (field names are unique across a
/// protocol's forms), `CL.<field>`; the visit date of every form is the item `I.VISIT_DATE`;
/// the participant's randomization is the event `SE.RANDOMIZATION` with form and item group
/// `F.RANDOMIZATION` / `IG.RANDOMIZATION`, items `I.ARM` (never for blinded roles) and
/// `I.STRATUM.<factor>`.
enum ODMNames {
    static let namespace = "http://www.cdisc.org/ns/odm/v1.3"
    static let visitDateItem = "I.VISIT_DATE"
    static let randomizationEvent = "SE.RANDOMIZATION"
    static let randomizationForm = "F.RANDOMIZATION"
    static let randomizationGroup = "IG.RANDOMIZATION"
    static let armItem = "I.ARM"
    static let armCodeList = "CL.ARM"
    static let stratumPrefix = "I.STRATUM."

    static func event(_ visit: String) -> String { "SE." + visit }
    static func form(_ form: String) -> String { "F." + form }
    static func group(_ form: String) -> String { "IG." + form }
    static func item(_ field: String) -> String { "I." + field }
    static func codeList(_ field: String) -> String { "CL." + field }
    static func stratumItem(_ factor: String) -> String { stratumPrefix + factor }
    static func stratumCodeList(_ factor: String) -> String { "CL.STRATUM." + factor }

    /// The name after `prefix`, or nil when `oid` does not start with it.
    static func strip(_ prefix: String, from oid: String) -> String? {
        oid.hasPrefix(prefix) ? String(oid.dropFirst(prefix.count)) : nil
    }
}
