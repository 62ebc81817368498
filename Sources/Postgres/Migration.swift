import Foundation

/// One numbered SQL file, e.g. `0002_history.sql` (version 2, name "history").
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// `0002_history`, as printed to operators.
    public var label: String { String(version).leftPadded(to: 4) + "_" + name }

    /// Reads every `NNNN_name.sql` file of `directory`, ordered by version (see `parse`).
    public static func load(from directory: URL) throws(MigrationError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .directoryUnreadable(directory.path)
        }
        var files: [(name: String, sql: String)] = []
        for file in names where file.hasSuffix(".sql") {
            guard let sql = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
                throw .directoryUnreadable(directory.appendingPathComponent(file).path)
            }
            files.append((file, sql))
        }
        return try parse(files)
    }

    /// Turns `NNNN_name.sql` files into migrations ordered by version. Files not ending in `.sql`
    /// are ignored; a `.sql` file with another name or two files with one version are errors.
    public static func parse(_ files: [(name: String, sql: String)]) throws(MigrationError) -> [Migration] {
        var migrations: [Migration] = []
        for (file, sql) in files.sorted(by: { $0.name < $1.name }) where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"),
                  let version = Int(stem[..<underscore]), version > 0,
                  stem[..<underscore].allSatisfy(\.isASCII),
                  stem.index(after: underscore) < stem.endIndex
            else { throw .badFileName(file) }
            if let other = migrations.first(where: { $0.version == version }) {
                throw .duplicateVersion(version, other.label, file)
            }
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        return migrations.sorted { $0.version < $1.version }
    }
}

/// Why migrations could not be applied.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case directoryUnreadable(String)
    case badFileName(String)
    case duplicateVersion(Int, String, String)
    /// An applied migration's file changed since (its checksum differs from the recorded one).
    case checksumMismatch(String)
    /// The SQL of a migration failed; nothing of this run was kept.
    case failed(String, PostgresError)

    public var description: String {
        switch self {
        case .directoryUnreadable(let path): "cannot read migrations at \(path)"
        case .badFileName(let file): "migration file \(file) is not named NNNN_name.sql"
        case .duplicateVersion(let version, let first, let second): "migration version \(version) appears twice: \(first).sql and \(second)"
        case .checksumMismatch(let label): "migration \(label) was changed after it was applied; restore the file and add a new migration instead"
        case .failed(let label, let error): "migration \(label) failed, nothing was applied: \(error)"
        }
    }
}
