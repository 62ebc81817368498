import ArgumentParser
import Foundation

/// `--migrations-dir`, and where to look for the numbered SQL files when it is not given.
struct MigrationsOptions: ParsableArguments {
    @Option(name: .customLong("migrations-dir"), help: ArgumentHelp(
        "Folder of NNNN_name.sql migration files. Env: AICS_MIGRATIONS_DIR. (default: ./schemas/migrations, then next to the executable, then /usr/share/aics/migrations)",
        valueName: "path"))
    var migrationsDirectory: String?

    /// The first candidate folder that exists; a flag or variable that names a missing folder is an error.
    func resolvedDirectory() throws -> URL {
        if let explicit = migrationsDirectory ?? Environment.value("AICS_MIGRATIONS_DIR") {
            guard Self.isDirectory(explicit) else { throw ConfigurationError("migrations folder \(explicit) does not exist") }
            return URL(fileURLWithPath: explicit)
        }
        let candidates = Self.defaultCandidates()
        guard let found = candidates.first(where: Self.isDirectory) else {
            throw ConfigurationError("""
                no migrations found; looked in:
                  \(candidates.joined(separator: "\n  "))
                pass --migrations-dir or set AICS_MIGRATIONS_DIR
                """)
        }
        return URL(fileURLWithPath: found).standardizedFileURL
    }

    /// A checkout (`./schemas/migrations`, or relative to `.build/<triple>/debug/aics`), an
    /// install under a prefix (`<prefix>/bin/aics` -> `<prefix>/share/aics/migrations`), Debian's place.
    static func defaultCandidates() -> [String] {
        var candidates = [FileManager.default.currentDirectoryPath + "/schemas/migrations"]
        var executables = [URL(fileURLWithPath: CommandLine.arguments[0]).absoluteURL]
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            executables.append(URL(fileURLWithPath: resolved))
        }
        for executable in executables {
            let folder = executable.deletingLastPathComponent().path
            candidates += [
                folder + "/../../schemas/migrations",
                folder + "/../../../schemas/migrations",
                folder + "/../share/aics/migrations",
            ]
        }
        candidates.append("/usr/share/aics/migrations")
        var seen = Set<String>()
        return candidates.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.filter { seen.insert($0).inserted }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
