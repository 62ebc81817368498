import Foundation
import JSON

/// deploy/'s compose file, Kubernetes objects, Dockerfile and Grafana dashboard, with the `aics`
/// processes they start picked out.
struct DeployManifests {
    static let dockerfilePath = "deploy/docker/Dockerfile"
    static let composePath = "deploy/compose/compose.yaml"
    static let dashboardPath = "deploy/grafana/aics-dashboard.json"
    /// The image name the compose file builds and the Kubernetes objects use (kustomize sets the registry).
    static let composeImage = "aics:local"
    static let kubernetesImage = "aics"

    var dockerfile: String
    var compose: JSONValue
    var kubernetes: [JSONValue]
    var dashboard: JSONValue

    struct Missing: Error { var what: String }

    static func load() async throws -> DeployManifests {
        guard let compose = try await DeployFiles.yaml(composePath).first else { throw Missing(what: composePath) }
        return DeployManifests(
            dockerfile: try DeployFiles.text(dockerfilePath),
            compose: compose,
            kubernetes: try await DeployFiles.kubernetesObjects(),
            dashboard: try DeployFiles.json(dashboardPath))
    }

    // MARK: Compose

    var composeServices: [String: JSONValue] { compose["services"]?.objectValue ?? [:] }

    /// The compose services that run the aics image.
    var composeProcesses: [(service: String, definition: JSONValue, process: AICSProcessSpec)] {
        composeServices.sorted { $0.key < $1.key }.compactMap { name, service in
            guard service["image"]?.stringValue == Self.composeImage else { return nil }
            let arguments: [String] = service["command"]?.arrayValue?.compactMap(\.scalarText)
                ?? service["command"]?.stringValue?.split(separator: " ").map(String.init) ?? []
            return (name, service, AICSProcessSpec(origin: "compose service \(name)", arguments: arguments,
                                                   environment: Self.composeEnvironment(service["environment"])))
        }
    }

    static func composeEnvironment(_ value: JSONValue?) -> [String: String] {
        if let object = value?.objectValue { return object.compactMapValues(\.scalarText) }
        var result: [String: String] = [:]
        for entry in value?.arrayValue?.compactMap(\.stringValue) ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1)
            result[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return result
    }

    // MARK: Kubernetes

    struct Container {
        /// "Deployment aics-worker".
        var object: String
        var kind: String
        var objectName: String
        var workload: JSONValue
        /// The pod template (metadata and spec).
        var template: JSONValue
        var definition: JSONValue
        var process: AICSProcessSpec

        var pod: JSONValue? { template["spec"] }

        /// A probe's or Service's port: a number, or the name of one of the container's ports.
        func containerPort(_ port: JSONValue?) -> Int? {
            if case .number(let number)? = port { return Int(number) }
            guard let name = port?.stringValue else { return nil }
            if let number = Int(name) { return number }
            let match = definition["ports"]?.arrayValue?.first { $0["name"]?.stringValue == name }
            return match?["containerPort"]?.numberValue.map { Int($0) }
        }
    }

    func objects(kind: String) -> [JSONValue] {
        kubernetes.filter { $0["kind"]?.stringValue == kind }
    }

    func configMap(_ name: String) -> [String: String]? {
        objects(kind: "ConfigMap").first { $0["metadata"]?["name"]?.stringValue == name }?["data"]?.objectValue?.compactMapValues(\.scalarText)
    }

    /// Every container of a workload (Deployment, StatefulSet, Job, ...) that runs the aics image.
    var kubernetesContainers: [Container] {
        var result: [Container] = []
        for object in kubernetes {
            guard let kind = object["kind"]?.stringValue, let name = object["metadata"]?["name"]?.stringValue,
                  let template = object["spec"]?["template"] ?? object["spec"]?["jobTemplate"]?["spec"]?["template"] else { continue }
            for container in template["spec"]?["containers"]?.arrayValue ?? [] where container["image"]?.stringValue == Self.kubernetesImage {
                var environment: [String: String] = [:]
                for entry in container["env"]?.arrayValue ?? [] {
                    guard let variable = entry["name"]?.stringValue else { continue }
                    if let value = entry["value"]?.scalarText {
                        environment[variable] = value
                    } else if let secret = entry["valueFrom"]?["secretKeyRef"] {
                        environment[variable] = "<secret \(secret["name"]?.stringValue ?? "?")/\(secret["key"]?.stringValue ?? "?")>"
                    } else if let reference = entry["valueFrom"]?["configMapKeyRef"], let map = reference["name"]?.stringValue,
                              let key = reference["key"]?.stringValue {
                        environment[variable] = configMap(map)?[key] ?? "<missing \(map)/\(key)>"
                    } else {
                        environment[variable] = "<from the pod>"
                    }
                }
                var shared: [String: String] = [:]
                for source in container["envFrom"]?.arrayValue ?? [] {
                    if let map = source["configMapRef"]?["name"]?.stringValue {
                        shared.merge(configMap(map) ?? [:]) { _, new in new }
                    }
                }
                let arguments = (container["command"]?.arrayValue?.compactMap(\.scalarText).dropFirst().map { $0 } ?? [])
                    + (container["args"]?.arrayValue?.compactMap(\.scalarText) ?? [])
                let process = AICSProcessSpec(
                    origin: "\(kind) \(name) container \(container["name"]?.stringValue ?? "?")", arguments: arguments,
                    environment: environment, sharedEnvironment: shared)
                result.append(Container(
                    object: "\(kind) \(name)", kind: kind, objectName: name, workload: object, template: template,
                    definition: container, process: process))
            }
        }
        return result
    }

    /// Every aics process of compose and Kubernetes.
    var processes: [AICSProcessSpec] { composeProcesses.map(\.process) + kubernetesContainers.map(\.process) }

    // MARK: Dockerfile

    /// The Dockerfile's instructions with continuation lines joined, comments dropped.
    var dockerInstructions: [String] {
        var result: [String] = []
        var current = ""
        for line in dockerfile.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasSuffix("\\") {
                current += trimmed.dropLast() + " "
            } else {
                current += trimmed
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current) }
                current = ""
            }
        }
        return result
    }

    // MARK: Grafana

    /// Every Prometheus query of the dashboard's panels (rows' nested panels included), with its legend.
    var dashboardQueries: [(panel: String, expression: String, legend: String)] {
        func walk(_ panels: [JSONValue]) -> [(String, String, String)] {
            panels.flatMap { panel -> [(String, String, String)] in
                let title = panel["title"]?.stringValue ?? "?"
                let own = (panel["targets"]?.arrayValue ?? []).compactMap { target in
                    target["expr"]?.stringValue.map { (title, $0, target["legendFormat"]?.stringValue ?? "") }
                }
                return own + walk(panel["panels"]?.arrayValue ?? [])
            }
        }
        return walk(dashboard["panels"]?.arrayValue ?? [])
    }
}
