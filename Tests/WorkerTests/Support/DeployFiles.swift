import Foundation
import JSON
import TestSupport

/// The files under deploy/ as data, for tests that hold them to the code: YAML read by
/// python3-yaml (deploy/local/lib.sh installs it) into JSON, the rest as text.
enum DeployFiles {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func json(_ path: String) throws -> JSONValue {
        try JSONParser.parse(try text(path))
    }

    /// Every document of a YAML file (anchors and merge keys resolved), as JSON.
    static func yaml(_ path: String) async throws -> [JSONValue] {
        let script = "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1], encoding='utf-8'))), default=str))"
        let run = try await ChildRun.run(
            executable: "/usr/bin/env", arguments: ["python3", "-c", script, root.appendingPathComponent(path).path],
            environment: ProcessInfo.processInfo.environment, deadline: .seconds(60))
        guard run.status == 0 else { throw ChildRunError(message: "python3-yaml could not read \(path): \(run.standardError)") }
        return try JSONParser.parse(run.standardOutput).arrayValue ?? []
    }

    /// Every YAML document under deploy/kubernetes except the kustomization.
    static func kubernetesObjects() async throws -> [JSONValue] {
        let folder = root.appendingPathComponent("deploy/kubernetes")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") && $0 != "kustomization.yaml" }.sorted()
        var objects: [JSONValue] = []
        for name in names { objects += try await yaml("deploy/kubernetes/\(name)").filter { $0 != .null } }
        return objects
    }
}

extension JSONValue {
    /// A YAML scalar as text: strings as they are, whole numbers without a fraction.
    var scalarText: String? {
        switch self {
        case .string(let text): text
        case .number(let number): number == number.rounded() ? String(Int(number)) : String(number)
        case .bool(let flag): String(flag)
        default: nil
        }
    }
}

/// One `aics` process that a compose file or a Kubernetes manifest starts.
struct AICSProcessSpec: CustomStringConvertible {
    /// Where it is declared, for failure messages.
    var origin: String
    /// The words after `aics`.
    var arguments: [String]
    /// Variables set on this process itself (compose `environment`, Kubernetes `env`); secret
    /// references stand as `<secret NAME/KEY>`.
    var environment: [String: String]
    /// Variables from a ConfigMap shared by several kinds of process (Kubernetes `envFrom`).
    var sharedEnvironment: [String: String] = [:]

    var description: String { "\(origin): aics \(arguments.joined(separator: " "))" }

    /// `worker`, `admin`, `migrate`, `token create`, ...: the words before the first flag.
    var command: [String] { Array(arguments.prefix { !$0.hasPrefix("-") }) }

    /// The flags named on the command line, without their values.
    var flags: [String] {
        arguments.filter { $0.hasPrefix("--") }.map { String($0.split(separator: "=", maxSplits: 1)[0]) }
    }

    /// Every variable the process sees.
    var allVariables: [String: String] { sharedEnvironment.merging(environment) { _, own in own } }

    /// A flag's value (`--flag value` or `--flag=value`), else its variable's, as the code resolves them.
    func setting(flag: String, variable: String?) -> String? {
        for (index, word) in arguments.enumerated() {
            if word == flag, index + 1 < arguments.count { return arguments[index + 1] }
            if word.hasPrefix(flag + "=") { return String(word.dropFirst(flag.count + 1)) }
        }
        return variable.flatMap { allVariables[$0] }
    }
}

/// `aics ... --help` of the built binary, run without any AICS_* variable.
enum AICSHelp {
    static func text(_ command: [String]) async throws -> String {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AICS_") }
        let run = try await ChildRun.run(
            executable: AICSBinary.path!, arguments: command + ["--help"], environment: environment, deadline: .seconds(60))
        guard run.status == 0 else {
            throw ChildRunError(message: "aics \(command.joined(separator: " ")) --help exited \(run.status): \(run.standardError)")
        }
        return run.standardOutput
    }

    /// The value ArgumentParser prints as `(default: VALUE)` in the help of `flag`.
    static func defaultValue(of flag: String, in help: String) -> String? {
        guard let start = help.range(of: "  \(flag) ") ?? help.range(of: "  \(flag)\n") else { return nil }
        // The flag's entry ends where the next entry (a line starting with "  -") begins.
        let rest = help[start.upperBound...]
        let entry = rest.range(of: "\n  -").map { rest[..<$0.lowerBound] } ?? rest
        let flattened = entry.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard let open = flattened.range(of: "(default: ", options: .backwards),
              let close = flattened[open.upperBound...].firstIndex(of: ")") else { return nil }
        return String(flattened[open.upperBound..<close])
    }

    /// The AICS_* names a text mentions.
    static func variables(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = text[...]
        while let range = rest.range(of: "AICS_") {
            let name = rest[range.lowerBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
            names.insert(String(name))
            rest = rest[range.upperBound...]
        }
        return names
    }
}
