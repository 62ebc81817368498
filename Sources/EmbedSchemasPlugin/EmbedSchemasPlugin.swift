import Foundation
import PackagePlugin

/// Embeds the files under `schemas/` (topic JSON Schemas, SQL migrations) into the `Schemas`
/// target as Swift string literals, so the `aics` binary carries them wherever it is installed
/// and `schemas/` stays the one place they are written.
@main
struct EmbedSchemasPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let schemas = context.package.directoryURL.appending(path: "schemas")
        let inputs = try Self.files(under: schemas)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding schemas/ into \(target.name)",
                executable: try context.tool(named: "aics-embed").url,
                arguments: [schemas.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    private static func files(under directory: URL) throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "json" || url.pathExtension == "sql" { found.append(url) }
        }
        return found.sorted { $0.path < $1.path }
    }
}
