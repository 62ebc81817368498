import Foundation
import JSON
import Kafka
import Testing
import TestSupport

/// deploy/ cannot run here (no Docker, no Kubernetes), so these tests hold its files to the code:
/// the product the image builds, the commands, flags and AICS_* variables the compose file and the
/// manifests give `aics`, the ports their probes use and the topics and consumer group they name
/// are the ones the built `aics` has (its --help, its error messages). DeployMetricsTests checks
/// the Grafana dashboard and KEDA trigger against a running worker's /metrics and log.
@Suite("deploy/ agrees with the code", .enabled(if: AICSBinary.path != nil, "needs a built .build/debug/aics"))
struct DeployManifestTests {
    /// The variables a worker cannot start without, candidates for "required" (which of them each
    /// command really requires is found by running it without each).
    static let connectionVariables = ["AICS_DATABASE_URL", "AICS_KAFKA_BROKERS", "AICS_SECRET_KEY"]
    /// Labels Prometheus adds to every scraped series; a dashboard may group by them.
    static let targetLabels: Set<String> = ["instance", "job", "pod", "namespace"]

    @Test("the image builds, in release, an executable product of Package.swift, with its system libraries, and runs it as a non-root entrypoint")
    func image() async throws {
        let manifests = try await DeployManifests.load()
        let package = try DeployFiles.text("Package.swift")
        let products = Set(try Self.captures(#"\.executable\(name: "([^"]+)""#, in: package))
        let instructions = manifests.dockerInstructions
        let froms = instructions.indices.filter { instructions[$0].hasPrefix("FROM ") }
        #expect(froms.count == 2, "a build stage and a runtime stage: \(instructions.filter { $0.hasPrefix("FROM") })")
        let build = Array(instructions[froms[0]..<froms[1]])
        let runtime = Array(instructions[froms[1]...])

        let swiftBuild = try #require(build.first { $0.hasPrefix("RUN ") && $0.contains("swift build") })
        let product = try #require(try Self.captures(#"--product ([A-Za-z0-9_-]+)"#, in: swiftBuild).first)
        #expect(products.contains(product), "the image builds \(product); Package.swift's executables: \(products.sorted())")
        #expect(product == "aics")
        #expect(swiftBuild.contains("-c release"))

        // The build stage installs the apt package of every system library Package.swift declares.
        let providers = try Self.captures(#"\.apt\(\[([^\]]*)\]"#, in: package)
            .flatMap { try Self.captures(#""([^"]+)""#, in: $0) }
        #expect(providers.count >= 3)
        let buildPackages = build.filter { $0.hasPrefix("RUN ") && $0.contains("apt-get install") }.joined(separator: " ")
        for provider in providers { #expect(buildPackages.contains(provider), "the build stage does not install \(provider)") }

        // Swift at least the package's tools version.
        let tools = try #require(try Self.captures(#"swift-tools-version: ?([0-9.]+)"#, in: package).first)
        let swiftVersion = try #require(try Self.captures(#"ARG SWIFT_VERSION=([0-9.]+)"#, in: manifests.dockerfile).first)
        #expect(build[0].hasPrefix("FROM swift:${SWIFT_VERSION}-"), "\(build[0])")
        #expect(swiftVersion.split(separator: ".").compactMap { Int($0) }.lexicographicallyPrecedes(tools.split(separator: ".").compactMap { Int($0) }) == false,
                "Swift \(swiftVersion) is older than the tools version \(tools)")

        // The runtime stage: the binary at a fixed path, the entrypoint, a user that is not root.
        #expect(runtime[0].hasPrefix("FROM debian:bookworm-slim"))
        #expect(runtime.contains { $0.hasPrefix("COPY --from=build ") && $0.hasSuffix(" /usr/local/bin/\(product)") })
        #expect(runtime.contains("ENTRYPOINT [\"\(product)\"]"))
        let user = try #require(runtime.last { $0.hasPrefix("USER ") })
        #expect(!["root", "0"].contains(user.dropFirst(5).split(separator: ":")[0]), "\(user)")
        for library in ["librdkafka1", "libcurl4", "libpq5", "ca-certificates", "tzdata"] {
            #expect(runtime.contains { $0.hasPrefix("RUN ") && $0.contains(library) }, "the runtime stage lacks \(library)")
        }
        #expect(!runtime.contains { $0.contains("-dev") }, "no development packages at run time")
    }

    @Test("the runtime stage installs the Debian package of every shared library the built aics links, except Swift's own (linked in statically)")
    func runtimeLibraries() async throws {
        let manifests = try await DeployManifests.load()
        let instructions = manifests.dockerInstructions
        let runtime = instructions.drop { !$0.hasPrefix("FROM debian:") }
        let installed = runtime.filter { $0.hasPrefix("RUN ") && $0.contains("apt-get install") }.joined(separator: " ")
            .split(separator: " ").map(String.init)
        #expect(instructions.contains { $0.contains("swift build") && $0.contains("--static-swift-stdlib") })

        let environment = ProcessInfo.processInfo.environment
        let readelf = try await ChildRun.run(executable: "/usr/bin/env", arguments: ["readelf", "-d", AICSBinary.path!], environment: environment)
        #expect(readelf.status == 0, "\(readelf.standardError)")
        let needed = try Self.captures(#"\(NEEDED\)\s+Shared library: \[([^\]]+)\]"#, in: readelf.standardOutput)
        #expect(needed.contains("librdkafka.so.1") && needed.contains("libpq.so.5") && needed.contains("libcurl.so.4"), "\(needed)")
        for library in needed {
            let owner = try await ChildRun.run(executable: "/usr/bin/env", arguments: ["dpkg", "-S", "*/\(library)"], environment: environment)
            guard owner.status == 0, let package = owner.standardOutput.split(separator: ":").first.map(String.init) else {
                // Not from Debian: Swift's runtime, which the image links statically.
                #expect(Self.swiftRuntimePrefixes.contains { library.hasPrefix($0) }, "\(library) comes from no Debian package: \(owner.standardError)")
                continue
            }
            // libc6 and libgcc-s1 are essential packages of every Debian image.
            #expect(["libc6", "libgcc-s1"].contains(package) || installed.contains(package),
                    "aics links \(library) of \(package), which the runtime stage does not install")
        }
    }

    /// Shared libraries of the Swift toolchain (a debug build links them dynamically).
    static let swiftRuntimePrefixes = ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "libicu"]

    @Test("every aics command and flag that compose and Kubernetes run exists, every AICS_* variable they set is one the command reads, and each gets the variables it cannot start without")
    func commandsFlagsAndVariables() async throws {
        let manifests = try await DeployManifests.load()
        let processes = manifests.processes
        let commands = Set(processes.map { $0.command.joined(separator: " ") })
        #expect(commands == ["worker", "admin", "migrate"], "\(processes)")
        #expect(Set(manifests.composeProcesses.map { $0.process.command.joined(separator: " ") }) == commands)
        #expect(Set(manifests.kubernetesContainers.map { $0.process.command.joined(separator: " ") }) == commands)

        var helps: [[String]: String] = [[]: try await AICSHelp.text([])]
        for process in processes where helps[process.command] == nil { helps[process.command] = try await AICSHelp.text(process.command) }
        let everyVariable = helps.values.reduce(into: Set<String>()) { $0.formUnion(AICSHelp.variables(in: $1)) }

        let required = try await Self.requiredVariables(commands: Array(commands))
        // The derivation itself: a worker needs all three, migrate only the database.
        #expect(Set(required["worker", default: [:]].keys) == Set(Self.connectionVariables), "\(required)")
        #expect(Set(required["migrate", default: [:]].keys) == ["AICS_DATABASE_URL"], "\(required)")

        for process in processes {
            let help = try #require(helps[process.command])
            for flag in process.flags {
                #expect(Self.mentions(flag: flag, in: help), "\(process): \(flag) is not an option of aics \(process.command.joined(separator: " "))")
            }
            // Set on the process itself: read by this command. From a shared ConfigMap: read by some command.
            let own = AICSHelp.variables(in: help)
            for variable in process.environment.keys where variable.hasPrefix("AICS_") {
                #expect(own.contains(variable), "\(process): aics \(process.command.joined(separator: " ")) does not read \(variable)")
            }
            for variable in process.sharedEnvironment.keys where variable.hasPrefix("AICS_") {
                #expect(everyVariable.contains(variable), "\(process): no aics command reads \(variable)")
            }
            for (variable, flag) in required[process.command.joined(separator: " "), default: [:]] {
                #expect(process.allVariables[variable] != nil || (flag.map(process.flags.contains) ?? false),
                        "\(process) lacks \(variable)\(flag.map { " (or \($0))" } ?? "")")
            }
        }
        // Secrets come from somewhere else than these files: compose's .env, Kubernetes Secrets.
        for process in processes {
            for variable in ["AICS_SECRET_KEY", "AICS_DATABASE_URL"] {
                guard let value = process.allVariables[variable] else { continue }
                #expect(value.contains("${") || value.hasPrefix("<secret "), "\(process): \(variable) is written into the file")
            }
        }
    }

    @Test("EXPOSE, published ports, probes, healthchecks, the Service and the scrape annotations use the ports aics listens on, and probe /healthz and /readyz")
    func portsAndProbes() async throws {
        let manifests = try await DeployManifests.load()
        let adminHelp = try await AICSHelp.text(["admin"])
        let adminDefault = try #require(AICSHelp.defaultValue(of: "--listen", in: adminHelp).flatMap(Self.port))

        var metricsPorts: Set<Int> = [], adminPorts: Set<Int> = []
        for process in manifests.processes where ["worker", "admin"].contains(process.command.first) {
            let metrics = try #require(process.setting(flag: "--metrics-listen", variable: "AICS_METRICS_LISTEN"),
                                       "\(process) serves no /healthz and /readyz")
            #expect(Self.bindsEverywhere(metrics), "\(process): \(metrics) is not reachable from outside the container")
            metricsPorts.insert(try #require(Self.port(metrics)))
            if process.command == ["admin"] {
                let listen = process.setting(flag: "--listen", variable: "AICS_ADMIN_LISTEN") ?? "127.0.0.1:\(adminDefault)"
                #expect(Self.bindsEverywhere(listen), "\(process): the admin API on \(listen) is not reachable from outside the container")
                adminPorts.insert(try #require(Self.port(listen)))
            }
        }
        #expect(metricsPorts.count == 1 && adminPorts == [adminDefault], "metrics \(metricsPorts), admin \(adminPorts)")
        let exposed = Set(manifests.dockerInstructions.filter { $0.hasPrefix("EXPOSE ") }
            .flatMap { $0.dropFirst(7).split(separator: " ").compactMap { Int($0.split(separator: "/")[0]) } })
        #expect(exposed == metricsPorts.union(adminPorts), "EXPOSE \(exposed.sorted())")

        // Compose: healthchecks on the process's metrics port, published ports on its listen port.
        for (service, definition, process) in manifests.composeProcesses where ["worker", "admin"].contains(process.command.first) {
            let check = definition["healthcheck"]?["test"]?.arrayValue?.compactMap(\.scalarText).joined(separator: " ") ?? ""
            let url = try #require(try Self.captures(#"(http://[^ ]+)"#, in: check).first, "compose service \(service) has no HTTP healthcheck")
            let metricsPort = process.setting(flag: "--metrics-listen", variable: "AICS_METRICS_LISTEN").flatMap(Self.port)
            #expect(URL(string: url)?.port == metricsPort, "\(service): \(url)")
            #expect(["/healthz", "/readyz"].contains(URL(string: url)?.path), "\(service): \(url)")
            for published in definition["ports"]?.arrayValue?.compactMap(\.scalarText) ?? [] {
                let target = Int(published.split(separator: ":").last ?? "")
                #expect(target.map { adminPorts.union(metricsPorts).contains($0) } == true, "\(service) publishes \(published)")
            }
        }

        // Kubernetes: liveness on /healthz, readiness on /readyz, both on the metrics port.
        let longRunning = manifests.kubernetesContainers.filter { ["worker", "admin"].contains($0.process.command.first) }
        #expect(longRunning.count == 2)
        for container in longRunning {
            let metricsPort = container.process.setting(flag: "--metrics-listen", variable: "AICS_METRICS_LISTEN").flatMap(Self.port)
            for (probe, path) in [("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")] {
                let get = try #require(container.definition[probe]?["httpGet"], "\(container.object) has no \(probe)")
                #expect(get["path"]?.stringValue == path, "\(container.object) \(probe)")
                #expect(container.containerPort(get["port"]) == metricsPort, "\(container.object) \(probe) port")
            }
            let annotations = container.template["metadata"]?["annotations"]
            #expect(annotations?["prometheus.io/port"]?.scalarText.flatMap(Int.init) == metricsPort, "\(container.object)")
            #expect(annotations?["prometheus.io/path"]?.stringValue == "/metrics", "\(container.object)")
            #expect(container.definition["resources"]?["requests"] != nil && container.definition["resources"]?["limits"]?["memory"] != nil)
        }

        // Every Service selects pods that run aics and targets a port aics listens on.
        let services = manifests.objects(kind: "Service")
        #expect(!services.isEmpty)
        for service in services {
            let selector = service["spec"]?["selector"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            let matches = manifests.kubernetesContainers.filter { container in
                let labels = container.template["metadata"]?["labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
                return !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
            }
            #expect(matches.map(\.process.command) == [["admin"]], "Service \(service["metadata"]?["name"]?.stringValue ?? "?") selects \(matches.map(\.object))")
            for port in service["spec"]?["ports"]?.arrayValue ?? [] {
                for container in matches {
                    let target = container.containerPort(port["targetPort"] ?? port["port"])
                    #expect(target.map { adminPorts.union(metricsPorts).contains($0) } == true, "Service port \(port) → \(String(describing: target))")
                }
            }
        }
    }

    @Test("grace periods outlast the worker's drain; compose creates the worker's topics; KEDA scales the worker Deployment on its group and topic; PDBs select aics pods")
    func drainTopicsAndScaling() async throws {
        let manifests = try await DeployManifests.load()
        let workerHelp = try await AICSHelp.text(["worker"])
        let drainDefault = try #require(AICSHelp.defaultValue(of: "--shutdown-timeout", in: workerHelp).flatMap(Double.init))

        for (service, definition, process) in manifests.composeProcesses where process.command == ["worker"] {
            let drain = process.setting(flag: "--shutdown-timeout", variable: nil).flatMap(Double.init) ?? drainDefault
            let grace = definition["stop_grace_period"]?.stringValue.flatMap { Double($0.replacingOccurrences(of: "s", with: "")) } ?? 10
            #expect(grace > drain + 5, "compose service \(service): stop_grace_period \(grace) s, drain \(drain) s")
        }
        let workers = manifests.kubernetesContainers.filter { $0.process.command == ["worker"] }
        #expect(workers.count == 1)
        for worker in workers {
            let drain = worker.process.setting(flag: "--shutdown-timeout", variable: nil).flatMap(Double.init) ?? drainDefault
            let grace = worker.pod?["terminationGracePeriodSeconds"]?.numberValue ?? 30
            #expect(grace > drain + 5, "\(worker.object): terminationGracePeriodSeconds \(grace), drain \(drain) s")
        }

        // The topics the worker reads and writes by default (every --*-topic flag), created by compose.
        let topicFlags = try Self.captures(#"  (--[a-z-]+-topic) "#, in: workerHelp)
        let workerTopics = Set(topicFlags.compactMap { AICSHelp.defaultValue(of: $0, in: workerHelp) })
        #expect(workerTopics.contains("cs.inbound") && workerTopics.count == topicFlags.count && workerTopics.count >= 4, "\(topicFlags) \(workerTopics)")
        let creator = try #require(manifests.composeServices["kafka-topics"])
        let created = Set((creator["environment"]?["TOPICS"]?.stringValue ?? "").split(separator: " ").map(String.init))
        #expect(workerTopics.isSubset(of: created), "compose creates \(created.sorted()), the worker uses \(workerTopics.sorted())")
        #expect(created.allSatisfy { $0.hasPrefix("cs.") }, "\(created)")
        #expect(creator["environment"]?["PARTITIONS"]?.scalarText.flatMap(Int.init) != nil)
        for (_, _, process) in manifests.composeProcesses where process.command == ["worker"] {
            #expect(!process.flags.contains { $0.hasSuffix("-topic") || $0 == "--group" }, "compose workers use the default topics and group")
        }

        // KEDA: the worker Deployment, the worker's default group and inbound topic, its brokers,
        // and the start position of a partition without a committed offset.
        let scaled = try #require(manifests.objects(kind: "ScaledObject").first)
        let worker = try #require(workers.first)
        #expect(scaled["spec"]?["scaleTargetRef"]?["name"]?.stringValue == worker.objectName && worker.kind == "Deployment")
        let trigger = try #require(scaled["spec"]?["triggers"]?.arrayValue?.first { $0["type"]?.stringValue == "kafka" })?["metadata"]
        #expect(!worker.process.flags.contains { $0.hasSuffix("-topic") || $0 == "--group" }, "the Kubernetes worker uses the default topics and group")
        #expect(trigger?["topic"]?.stringValue == AICSHelp.defaultValue(of: "--inbound-topic", in: workerHelp))
        #expect(trigger?["consumerGroup"]?.stringValue == AICSHelp.defaultValue(of: "--group", in: workerHelp))
        #expect(trigger?["bootstrapServers"]?.stringValue == worker.process.setting(flag: "--kafka-brokers", variable: "AICS_KAFKA_BROKERS"))
        #expect(trigger?["offsetResetPolicy"]?.stringValue == KafkaConsumerConfiguration(bootstrapServers: "", groupID: "").startPosition.rawValue)
        #expect((scaled["spec"]?["minReplicaCount"]?.numberValue ?? 0) >= 1)

        for budget in manifests.objects(kind: "PodDisruptionBudget") {
            let selector = budget["spec"]?["selector"]?["matchLabels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            let matches = manifests.kubernetesContainers.filter { container in
                let labels = container.template["metadata"]?["labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
                return !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value } && container.kind == "Deployment"
            }
            #expect(matches.count == 1, "PodDisruptionBudget \(budget["metadata"]?["name"]?.stringValue ?? "?") selects \(matches.map(\.object))")
        }
        #expect(manifests.objects(kind: "PodDisruptionBudget").count == 2)
    }

    // MARK: Helpers

    /// For each command, the connection variables it refuses to start without, each with the flag
    /// its error names instead (if any): the command is run once without each (the others set to
    /// unusable values on 127.0.0.1), and a variable is required when the error names it.
    static func requiredVariables(commands: [String]) async throws -> [String: [String: String?]] {
        let base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AICS_") }
        let values = [
            "AICS_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1",
            "AICS_KAFKA_BROKERS": "127.0.0.1:1",
            "AICS_SECRET_KEY": "deploy-manifest-tests-key-0123456789abcdef",
        ]
        return try await withThrowingTaskGroup(of: (String, String, String?)?.self) { group in
            for command in commands {
                for missing in connectionVariables {
                    group.addTask {
                        var environment = base.merging(values.filter { $0.key != missing }) { _, new in new }
                        environment["AICS_ADMIN_LISTEN"] = "127.0.0.1:0"
                        let run = try await ChildRun.run(
                            executable: AICSBinary.path!, arguments: command.split(separator: " ").map(String.init),
                            environment: environment, deadline: .seconds(8))
                        guard run.status != 0, let line = run.standardError.split(separator: "\n").first(where: { $0.contains(missing) }) else { return nil }
                        return (command, missing, try captures(#"(--[a-z-]+)"#, in: String(line)).first)
                    }
                }
            }
            var result: [String: [String: String?]] = [:]
            for try await found in group {
                if let (command, variable, flag) = found { result[command, default: [:]][variable] = flag }
            }
            return result
        }
    }

    static func captures(_ pattern: String, in text: String) throws -> [String] {
        let regex = try Regex(pattern)
        return text.matches(of: regex).compactMap { match in match.output.count > 1 ? match.output[1].substring.map(String.init) : nil }
    }

    static func mentions(flag: String, in help: String) -> Bool {
        var rest = help[...]
        while let range = rest.range(of: flag) {
            let next = rest[range.upperBound...].first
            if next == nil || !(next!.isLetter || next! == "-") { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    static func port(_ address: String) -> Int? {
        address.split(separator: ":").last.flatMap { Int($0) }
    }

    static func bindsEverywhere(_ address: String) -> Bool {
        address.hasPrefix("0.0.0.0:") || address.hasPrefix("[::]:")
    }
}
