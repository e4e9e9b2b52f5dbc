import Foundation
import GRDB
import Testing

/// `randomize generate`, `export` and `import`.
@Suite("Allocation lists")
struct RandomizeListsTests {
    /// A trial of `goldenDesignProtocol` with lists from `seed`, 20 slots per stratum.
    static func goldenTrial(seed: UInt64) throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("golden.yaml", goldenDesignProtocol)
        try workspace.setUpTrial(protocolPath: workspace.file("golden.yaml"))
        try workspace.generate(seed: seed, perStratum: 20)
        return workspace
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

    @Test("generate prints a summary without the seed, stores it sealed, and refuses a second time")
    func generate() throws {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        let outcome = try workspace.trialkit("randomize", "generate", "--seed", "731904", "--json", "--user", "sara")
        #expect(outcome.status == 0, "\(outcome)")
        let result = try #require(try outcome.json() as? [String: Any])
        #expect(result["strata"] as? Int == 5)
        #expect(result["minimum_slots_per_stratum"] as? Int == 89)  // ⌈1.5 × 296 / 5⌉
        #expect(result["seed_sealed"] as? Bool == true)
        #expect(result["algorithm_version"] as? String == "xoshiro256**-lemire-v1")
        #expect(!outcome.stdout.contains("731904"))
        let total = try #require(result["total_slots"] as? Int)
        #expect((5 * 89)..<(5 * 94) ~= total)
        let stored = try workspace.query { db in try String.fetchAll(db, sql: "SELECT DISTINCT seed FROM allocation_list") }
        #expect(stored == ["731904"])
        let log = try workspace.trialkit("audit", "log", "--json", "--user", "mona")
        #expect(!log.stdout.contains("731904"))
        let again = try workspace.trialkit("randomize", "generate", "--seed", "5", "--user", "sara")
        #expect(again.status == 65)
        #expect(again.stderr.hasPrefix("This trial already has its allocation lists (5 strata, stored at "))
        #expect(try workspace.trialkit("randomize", "generate", "--per-stratum", "0", "--user", "sara").status == 64)
    }

    @Test("generate without --seed draws one, and two such trials differ", .timeLimit(.minutes(1)))
    func randomSeed() throws {
        var exports: [String] = []
        for _ in 0..<2 {
            let workspace = try Workspace()
            try workspace.setUpTrial()
            #expect(try workspace.trialkit("randomize", "generate", "--user", "sara").status == 0)
            exports.append(try workspace.trialkit("randomize", "export", "--format", "csv", "--user", "sara").stdout)
        }
        #expect(exports[0] != exports[1])
    }

    @Test("export --format csv reproduces the golden list of the same design and seed byte for byte", arguments: [UInt64(7), 20_240_917])
    func csvMatchesGolden(seed: UInt64) throws {
        let workspace = try Self.goldenTrial(seed: seed)
        let export = try workspace.trialkit("randomize", "export", "--format", "csv", "--user", "sara")
        #expect(export.status == 0, "\(export)")
        let golden = try String(contentsOfFile: packageRoot + "/fixtures/randomization/permuted-blocks-seed\(seed).csv", encoding: .utf8)
        #expect(export.stdout == golden)
    }

    @Test("REDCap and Sealed Envelope exports agree with the list, slot for slot")
    func formats() throws {
        let workspace = try Self.goldenTrial(seed: 7)
        let csv = Self.lines(try workspace.trialkit("randomize", "export", "--format", "csv", "--user", "sara").stdout)
        let redcap = Self.lines(try workspace.trialkit("randomize", "export", "--format", "redcap", "--user", "sara").stdout)
        let sealed = Self.lines(try workspace.trialkit("randomize", "export", "--format", "sealed-envelope", "--user", "sara").stdout)
        #expect(redcap.first == "redcap_randomization_group,site,sex")
        #expect(sealed.first == "block_id,block_size,sequence_within_block,stratum,treatment,randomization_code")
        #expect(redcap.count == csv.count && sealed.count == csv.count)
        var codes = Set<String>()
        var lastBlock = 0
        for (row, line) in csv.enumerated().dropFirst() {
            let list = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let stratum = Int(list[0])! - 1
            // REDCap: arm code, then the site and sex codes of the stratum (site slowest).
            #expect(redcap[row] == "\(list[6]),\(stratum / 2 + 1),\(stratum % 2 + 1)")
            let envelope = sealed[row].split(separator: ",").map(String.init)
            #expect(envelope[1] == list[4] && envelope[2] == list[5] && envelope[3] == list[1] && envelope[4] == list[7])
            let block = Int(envelope[0])!
            #expect(block == lastBlock || block == lastBlock + 1)
            lastBlock = block
            #expect(envelope[5].wholeMatch(of: /[A-Z]{2}\d+/) != nil)
            #expect(envelope[5].hasSuffix(String(row)))
            codes.insert(envelope[5])
        }
        #expect(codes.count == csv.count - 1)
        let exports = try workspace.trialkit("audit", "log", "--entity", "allocation_export", "--json", "--user", "mona").json() as? [[String: Any]]
        #expect(exports?.count == 3)
        #expect(exports?.allSatisfy { $0["actor"] as? String == "sara" } == true)
    }

    @Test("export --output writes a new file with mode 0600 and never overwrites")
    func outputFile() throws {
        let workspace = try Self.goldenTrial(seed: 7)
        let first = try workspace.trialkit("randomize", "export", "--format", "redcap", "--output", "list.csv", "--user", "sara")
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.hasPrefix("Wrote 132 slots to list.csv (redcap, SHA-256 "))
        let mode = try FileManager.default.attributesOfItem(atPath: workspace.file("list.csv"))[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let bytes = workspace.bytes("list.csv")
        let again = try workspace.trialkit("randomize", "export", "--format", "csv", "--output", "list.csv", "--user", "sara")
        #expect(again.status == 73)
        #expect(workspace.bytes("list.csv") == bytes)
    }

    @Test("A REDCap table exported from one trial imports into another and exports identically")
    func importRoundTrip() throws {
        let source = try Self.goldenTrial(seed: 20_240_917)
        let table = try source.trialkit("randomize", "export", "--format", "redcap", "--user", "sara").stdout
        let target = try Workspace()
        try target.write("golden.yaml", goldenDesignProtocol)
        try target.setUpTrial(protocolPath: target.file("golden.yaml"))
        try target.write("table.csv", table)
        let imported = try target.trialkit("randomize", "import", "--format", "redcap", "table.csv", "--json", "--user", "sara")
        #expect(imported.status == 0, "\(imported)")
        #expect((try imported.json() as? [String: Any])?["rows"] as? Int == Self.lines(table).count - 1)
        #expect(try target.trialkit("randomize", "export", "--format", "redcap", "--user", "sara").stdout == table)
        // Same arms slot by slot; block fields are unknown for an imported table.
        let original = Self.lines(try source.trialkit("randomize", "export", "--format", "csv", "--user", "sara").stdout)
        let copy = Self.lines(try target.trialkit("randomize", "export", "--format", "csv", "--user", "sara").stdout)
        func keep(_ line: String) -> String {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return [f[0], f[1], f[2], f[6], f[7]].joined(separator: ",")
        }
        #expect(copy.map(keep) == original.map(keep))
        #expect(copy.dropFirst().allSatisfy { $0.contains(",,,,") })
        #expect(try target.trialkit("randomize", "P1", "--stratum", "site=West", "--stratum", "sex=male", "--user", "tom").status == 0)
        #expect(try target.trialkit("audit", "verify", "--user", "mona").status == 0)
        let again = try target.trialkit("randomize", "import", "--format", "redcap", "table.csv", "--user", "sara")
        #expect(again.status == 65)
    }

    @Test("Invalid tables are refused with every problem and their lines, and nothing is stored", arguments: [
        ("redcap_randomization_group,site,sex\n1,1,1\n3,1,2\n", "table.csv:3: \"redcap_randomization_group\" value 3 is not a known code; use one of 1 (PEER), 2 (SAU)"),
        ("redcap_randomization_group,site,sex\n1,East,1\n", "table.csv:2: \"site\" value East is not a known code; use one of 1 (North), 2 (South), 3 (West)"),
        ("redcap_randomization_group,site\n1,1\n", "table.csv:1: the column \"sex\" (stratification factor) is missing"),
        ("redcap_randomization_group,site,sex,notes\n1,1,1,x\n", "table.csv:1: unknown column \"notes\""),
        ("redcap_randomization_group,site,sex\n1,,2\n", "table.csv:2: \"site\" is empty; every row needs a value"),
        ("redcap_randomization_group,site,sex\nPEER,North,female\n2,1,1\n", "table.csv: stratum site=North;sex=male has no rows"),
    ])
    func importRefused(table: String, problem: String) throws {
        let workspace = try Workspace()
        try workspace.write("golden.yaml", goldenDesignProtocol)
        try workspace.setUpTrial(protocolPath: workspace.file("golden.yaml"))
        try workspace.write("table.csv", table)
        let before = try workspace.dump()
        let outcome = try workspace.trialkit("randomize", "import", "--format", "redcap", "table.csv", "--user", "sara")
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderr.hasPrefix("table.csv is not a valid allocation table for this protocol"))
        #expect(outcome.stderr.contains(problem), "\(outcome.stderr)")
        #expect(try workspace.dump() == before)
        #expect(try workspace.trialkit("randomize", "import", "--format", "redcap", "none.csv", "--user", "sara").status == 66)
    }
}
