// swift-tools-version: 6.0
// TrialKit: one program that runs a randomized controlled trial from allocation to estimate.
// Module boundaries and the allowed import direction are documented in docs/ARCHITECTURE.md
// and enforced by `make check-deps` (scripts/check-deps.sh).
import PackageDescription

let package = Package(
    name: "TrialKit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "trialkit", targets: ["TrialKitCLI"]),
        .library(name: "MixedModels", targets: ["MixedModels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
    ],
    targets: [
        // System libraries from Debian (installed by `make deps`).
        .systemLibrary(name: "CLapack", path: "Sources/CLapack"),
        .systemLibrary(name: "CNLopt", path: "Sources/CNLopt"),
        .systemLibrary(name: "CRmath", path: "Sources/CRmath"),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto"),

        // Numerical foundations.
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        .target(name: "Distributions", dependencies: ["CRmath"]),
        // SHA-256 (hash chain, checksums, commitments) from OpenSSL's libcrypto.
        .target(name: "Digest", dependencies: ["CCrypto"]),

        // Generic tables (CSV in, typed columns out); knows nothing of trials or models.
        .target(name: "Tabular"),

        // The statistics core: a general mixed-model library.
        .target(name: "MixedModels", dependencies: ["LinearAlgebra", "Distributions", "CNLopt", "Tabular"]),

        // The trial domain.
        .target(name: "TrialCore"),
        .target(name: "TrialSpec", dependencies: [
            "TrialCore", "Tabular", "Yams", "Digest",
        ]),
        .target(name: "CRFValidation", dependencies: ["TrialCore", "Tabular"]),
        .target(name: "TrialStore", dependencies: [
            "TrialCore", .product(name: "GRDB", package: "GRDB.swift"),
            "Digest",
        ]),
        .target(name: "Randomization", dependencies: ["TrialCore"]),
        // Exports of stored CRF data: the wide CSV table and CDISC ODM 1.3.2 (written and read back).
        .target(name: "CRFExport", dependencies: ["TrialCore", "CRFValidation", "Tabular"]),

        // The analysis plan run on trial data, the trial simulator, and the HTML report.
        .target(name: "Analysis", dependencies: ["TrialCore", "CRFValidation", "MixedModels", "Distributions", "Tabular"]),
        .target(name: "TrialSimulation", dependencies: [
            "TrialCore", "Randomization", "CRFValidation", "Analysis", "MixedModels", "Distributions", "Tabular",
        ]),
        .target(name: "Reporting", dependencies: [.product(name: "Mustache", package: "swift-mustache")]),

        // The command-line program: argument parsing and wiring only.
        .executableTarget(name: "TrialKitCLI", dependencies: [
            "TrialCore", "TrialSpec", "TrialStore", "Randomization", "CRFValidation", "CRFExport", "MixedModels", "Tabular",
            "Analysis", "TrialSimulation", "Reporting", "Digest",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Fuzzing (docs/hardening.md): the parsers' fuzz entry points, and one driver that
        // `make fuzz` builds with libFuzzer (-sanitize=fuzzer -DFUZZING); a plain build makes it a
        // replay tool. Outside Sources/, so they are no part of the program's module graph.
        .target(name: "FuzzTargets", dependencies: ["Tabular", "TrialSpec", "TrialCore", "MixedModels"], path: "Fuzz/Targets"),
        .executableTarget(name: "TrialKitFuzz", dependencies: ["FuzzTargets"], path: "Fuzz/Driver"),

        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions"]),
        .testTarget(name: "TrialSpecTests", dependencies: ["TrialSpec", "TrialCore", "Digest"]),
        .testTarget(name: "CRFValidationTests", dependencies: ["CRFValidation", "TrialSpec", "TrialCore"]),
        .testTarget(name: "CRFExportTests", dependencies: ["CRFExport", "CRFValidation", "TrialSpec", "TrialCore", "Tabular"]),
        .testTarget(name: "TrialStoreTests", dependencies: [
            "TrialStore", "TrialCore", "Digest", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "MixedModelsTests", dependencies: ["MixedModels", "Tabular", "LinearAlgebra", "Distributions"]),
        // Runs the built binary; GRDB only to tamper with a database file as an attacker would.
        .testTarget(name: "CLITests", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RandomizationTests", dependencies: ["Randomization", "TrialCore"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "TrialSpec", "TrialCore", "MixedModels", "Tabular"]),
        .testTarget(name: "TrialSimulationTests", dependencies: ["TrialSimulation", "TrialSpec", "TrialCore", "CRFValidation", "Distributions"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"]),
    ]
)
