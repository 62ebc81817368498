// swift-tools-version: 6.1
import PackageDescription

// Package-wide settings: Swift 6 language mode (strict concurrency complete) plus explicit `any`.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// Coverage-guided fuzzing (`deploy/local/fuzz.sh`, its own scratch path .build-fuzz) sets
// AICS_LIBFUZZER_RUNTIME to compiler-rt's libclang_rt.fuzzer_no_main archive. Then the code under
// fuzzing gets libFuzzer's coverage instrumentation plus AddressSanitizer, optimised, and
// `aics-fuzz` links libFuzzer's driver. Ordinary builds see none of this.
let libFuzzerRuntime = Context.environment["AICS_LIBFUZZER_RUNTIME"].flatMap { $0.isEmpty ? nil : $0 }
let fuzzed: [SwiftSetting] = libFuzzerRuntime == nil ? [] : [.unsafeFlags(["-sanitize=fuzzer,address", "-O"])]

let package = Package(
    name: "aics",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aics", targets: ["aics"]),
        .executable(name: "aics-bench", targets: ["aics-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // HTTP servers: the provider fakes for tests and benchmarks (later also the admin API).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // AES-GCM for provider secrets at rest.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // Metrics: the swift-metrics API in the pipeline, exported as Prometheus text.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // C libraries from Debian: module maps and typed shims, nothing else.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // Thin Swift layers over the three libraries; no product logic.
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "HTTP",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings + fuzzed
        ),
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings + fuzzed
        ),

        // Dify, OpenAI and the local knowledge base behind one interface.
        .target(
            name: "Providers",
            dependencies: ["HTTP", "JSON", .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings
        ),

        // Local HTTP servers that play Dify, OpenAI and plain test peers. Tests and `aics-bench`
        // use them; the production `aics` binary never links this target.
        .target(
            name: "Fakes",
            dependencies: [
                "Providers", "JSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),

        // schemas/ (topic JSON Schemas, SQL migrations) embedded into the binary at build time.
        .executableTarget(name: "aics-embed", swiftSettings: settings),
        .plugin(
            name: "EmbedSchemasPlugin",
            capability: .buildTool(),
            dependencies: ["aics-embed"],
            path: "Sources/EmbedSchemasPlugin"
        ),
        .target(name: "Schemas", swiftSettings: settings, plugins: ["EmbedSchemasPlugin"]),

        // A strict JSON parser and a JSON Schema (2020-12 subset) validator for untrusted input.
        .target(name: "JSON", swiftSettings: settings + fuzzed),

        // Provider API keys encrypted at rest (AES-256-GCM), with key rotation.
        .target(name: "Secrets", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: settings),

        // Bots, bindings and knowledge entries: the configuration in Postgres, secrets sealed.
        // Depends on Providers (never the other way): `Bot.makeProvider` lives here.
        .target(name: "Catalog", dependencies: ["Postgres", "Secrets", "Providers", "HTTP"], swiftSettings: settings),

        // The admin API (`aics admin`) on Hummingbird and its bearer tokens; validation and
        // lookups are Catalog's, shared with the command line.
        .target(
            name: "Admin",
            dependencies: [
                "Catalog", "Postgres", "Secrets", "Providers", "HTTP", "JSON", "Schemas", "KnowledgeSync",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),

        // Knowledge sync (`aics kb sync`): a folder of knowledge pushed to a bot's Dify dataset,
        // OpenAI vector store or local knowledge base; plans as pure values, state in Postgres.
        .target(
            name: "KnowledgeSync",
            dependencies: ["Catalog", "Providers", "Postgres", "HTTP", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: settings
        ),

        // Conversation behaviour as pure values: modes with agents' presence and working hours,
        // takeover pauses, handoffs, content routing, feedback's edit distance. State is in
        // Postgres; Pipeline reads it and acts.
        .target(name: "Conversations", dependencies: ["Catalog"], swiftSettings: settings),

        // Intake, validation, keyed scheduling, the ledger, outputs, offsets.
        .target(
            name: "Pipeline",
            dependencies: [
                "JSON", "Schemas", "Kafka", "HTTP", "Postgres", "Catalog", "Conversations", "Providers", "Secrets", "KnowledgeSync",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),

        // Operations endpoints (/metrics, /healthz, /readyz) and the log formats, for every
        // long-running command (`aics worker`, `aics admin`). Knows no pipeline types.
        .target(
            name: "Observability",
            dependencies: [
                "JSON",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings + fuzzed
        ),

        // Flags, environment and sibling-executable helpers shared by `aics` and `aics-bench`.
        .target(
            name: "CommandSupport",
            dependencies: [
                "Postgres", "Schemas", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),

        // The production executable: commands wiring everything from configuration. No fakes.
        .executableTarget(
            name: "aics",
            dependencies: [
                "Kafka", "HTTP", "Postgres", "Pipeline", "Catalog", "Providers", "Secrets", "Schemas", "JSON", "Admin",
                "Observability", "CommandSupport", "KnowledgeSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),

        // The benchmark and the chaos run with the provider fakes (`aics bench` and `aics chaos`
        // forward here); their workers are the real `aics` executable next to it.
        .executableTarget(
            name: "aics-bench",
            dependencies: [
                "Kafka", "CRdKafka", "HTTP", "Postgres", "Fakes", "Catalog", "Providers", "Secrets", "Schemas", "JSON", "CommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings
        ),

        // Shared by test targets: running child processes without Foundation.Process.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: settings),

        // Fuzz targets (invariants over untrusted input), the `aics-fuzz` tool (libFuzzer binary
        // in the fuzz build, corpus replayer otherwise) and the corpora under Tests/Fuzz.
        .target(
            name: "FuzzTargets", dependencies: ["JSON", "Pipeline", "HTTP", "Postgres"], path: "Tests/Fuzz/Targets",
            swiftSettings: settings + fuzzed
        ),
        .systemLibrary(name: "CLibFuzzer", path: "Tests/Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "aics-fuzz", dependencies: ["FuzzTargets", "CLibFuzzer"], path: "Tests/Fuzz/Entry",
            swiftSettings: settings + (libFuzzerRuntime == nil ? [] : [.define("AICS_LIBFUZZER"), .unsafeFlags(["-sanitize=address"])]),
            linkerSettings: libFuzzerRuntime.map { [.unsafeFlags(["-sanitize=address", $0])] } ?? []
        ),

        .testTarget(name: "KafkaTests", dependencies: ["Kafka"], swiftSettings: settings),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Fakes"], swiftSettings: settings),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "Schemas"], swiftSettings: settings),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Postgres", "Schemas", "Secrets"], swiftSettings: settings),
        // Runs the built `aics` (and `aics-bench`) executables (swift build --build-tests builds them first).
        .testTarget(name: "AICSCommandTests", dependencies: ["Fakes", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets"], swiftSettings: settings),
        .testTarget(name: "ConversationsTests", dependencies: ["Conversations", "Catalog"], swiftSettings: settings),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "JSON"], swiftSettings: settings),
        .testTarget(
            name: "WorkerTests",
            dependencies: [
                "Pipeline", "Kafka", "HTTP", "Postgres", "Catalog", "Providers", "Secrets", "JSON", "Schemas", "Fakes", "TestSupport",
                "Observability",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Read at test time from the source tree (HostileCorpus.file).
            exclude: ["HostileCorpus"],
            swiftSettings: settings
        ),
        // Runs the built `aics demo` binary end to end, and unit-tests the demo's text layout.
        .testTarget(name: "DemoTests", dependencies: ["aics", "TestSupport"], swiftSettings: settings),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "HTTP"], swiftSettings: settings),
        .testTarget(
            name: "KnowledgeBaseTests",
            dependencies: ["Catalog", "Postgres", "Schemas", "Providers", "HTTP", .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings
        ),
        .testTarget(name: "ProviderClientTests", dependencies: ["Providers", "HTTP", "Fakes", "Catalog"], swiftSettings: settings),
        .testTarget(name: "BenchTests", dependencies: ["aics-bench"], swiftSettings: settings),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: ["Observability", "JSON", "HTTP", "TestSupport", .product(name: "CoreMetrics", package: "swift-metrics"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings
        ),
        // The admin API through real HTTP on 127.0.0.1 against AICS_TEST_DATABASE_URL, and the
        // new operator's flow from an empty schema to a suggestion on cs.suggestions.
        .testTarget(
            name: "AdminTests",
            dependencies: [
                "Admin", "Catalog", "Pipeline", "Kafka", "HTTP", "Postgres", "Secrets", "JSON", "Schemas", "Fakes", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "KnowledgeSyncTests",
            dependencies: ["KnowledgeSync", "Catalog", "Providers", "Postgres", "HTTP", "Secrets", "Fakes", .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings
        ),
        .testTarget(name: "FakesTests", dependencies: ["Fakes", "Providers", "HTTP"], swiftSettings: settings),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets"], swiftSettings: settings),
    ]
)
