// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "planledger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "planledger", targets: ["planledger"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "Catalogue", targets: ["Catalogue"]),
        .library(name: "Service", targets: ["Service"]),
        .library(name: "Accounts", targets: ["Accounts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // Already in the graph through Hummingbird; named here for plbench's HTTP load client.
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
    ],
    targets: [
        // Pure domain: events, validation rules, canonical JSON, hashing. No SQLite.
        .target(
            name: "LedgerCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The SQLite store: migrations, the append-only event table, append, reads, verify.
        .target(
            name: "LedgerStore",
            dependencies: [
                "LedgerCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What people read, in Swedish and English: headings, statuses, messages, numbers, Swedish order, the
        // demo's story. Shared by the CLI and the web pages; no SQLite, no output.
        .target(name: "Catalogue", dependencies: ["LedgerCore"]),
        // The read models: one projection per file, each owning its tables and queries.
        .target(
            name: "Projections",
            dependencies: ["LedgerCore", "LedgerStore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Projections"
        ),
        // Accounts and roles of issue 14: accounts, hashed tokens and bcrypt passwords in tables of the ledger file
        // outside the event log, and the hash-chained account log. Shared by `planledger accounts` and the service.
        .target(
            name: "Accounts",
            dependencies: [
                "LedgerCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // The shared service of issue 14: `planledger serve`'s HTTP API over the same query layer as the CLI.
        .target(
            name: "Service",
            dependencies: [
                "Accounts",
                "LedgerCore",
                "LedgerStore",
                "Projections",
                "Catalogue",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/web")]
        ),
        .executableTarget(
            name: "planledger",
            dependencies: [
                "LedgerCore",
                "LedgerStore",
                "Projections",
                "Catalogue",
                "Service",
                "Accounts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Developer tools.
        .executableTarget(
            name: "plgen",
            dependencies: ["LedgerCore"],
            path: "Tools/plgen"
        ),
        // The fuzz target of issue 12 over the reader, decoder and rules; see Tools/plfuzz/run.sh.
        .executableTarget(
            name: "plfuzz",
            dependencies: ["LedgerCore"],
            path: "Tools/plfuzz",
            exclude: ["corpus", "run.sh"]
        ),
        // Turns `planledger --experimental-dump-help` into the shipped man page, Tools/man/planledger.1.
        .executableTarget(name: "plman", path: "Tools/plman"),
        // The benchmark of issue 7: times the built `planledger` and the libraries against their targets.
        .executableTarget(
            name: "plbench",
            dependencies: [
                "LedgerCore",
                "LedgerStore",
                "Projections",
                "Service",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tools/plbench",
            // The peer's loader is Python, run by plbench as a child process.
            exclude: ["peer"]
        ),
        .target(name: "TestSupport", dependencies: ["LedgerCore", "LedgerStore", "Projections"], path: "Tests/TestSupport"),
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore", "TestSupport"]),
        .testTarget(name: "CatalogueTests", dependencies: ["Catalogue", "LedgerCore"]),
        .testTarget(
            name: "LedgerStoreTests",
            dependencies: [
                "LedgerCore", "LedgerStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "ProjectionsTests", dependencies: ["LedgerCore", "LedgerStore", "Projections", "TestSupport"]),
        .testTarget(
            name: "AccountsTests",
            dependencies: [
                "Accounts", "LedgerCore", "LedgerStore", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service", "Accounts", "LedgerCore", "LedgerStore", "Projections", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "PlanledgerCLITests",
            dependencies: ["LedgerCore", "TestSupport", "planledger", "plman", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"]
        ),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
