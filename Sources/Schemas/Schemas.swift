/// The files of `schemas/`, embedded at build time by EmbedSchemasPlugin.
public enum Schemas {
    /// Topic JSON Schemas by file name, e.g. "cs.inbound.schema.json".
    public static var topics: [String: String] { files(in: "topics/") }

    /// SQL migrations by file name, e.g. "0001_core.sql", in file-name order.
    public static var migrations: [(name: String, sql: String)] {
        files(in: "migrations/").sorted { $0.key < $1.key }.map { (name: $0.key, sql: $0.value) }
    }

    private static func files(in folder: String) -> [String: String] {
        var found: [String: String] = [:]
        for (path, text) in embeddedFiles where path.hasPrefix(folder) {
            found[String(path.dropFirst(folder.count))] = text
        }
        return found
    }
}

extension Schemas {
    /// The admin API's OpenAPI 3.1 document (`schemas/openapi/admin.json`), served at `/openapi.json`.
    public static var adminOpenAPI: String { embeddedFiles["openapi/admin.json"] ?? "{}" }
}
