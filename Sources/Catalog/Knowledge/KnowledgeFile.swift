import Foundation
import Providers

/// A knowledge file read for `aics kb import`: its entries, or a readable error naming the line.
public struct KnowledgeFile: Sendable {
    public var entries: [KnowledgeEntry]
    public var format: KnowledgeFileFormat
    /// The file's name (without directories): the `source` re-imports replace.
    public var sourceName: String

    /// Reads and parses `path`; `format` nil picks it from the extension.
    public static func load(path: String, format: KnowledgeFileFormat?) throws(KnowledgeFileError) -> KnowledgeFile {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let format = format ?? KnowledgeFileFormat(fileName: name) else {
            throw .unknownFormat(name)
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        guard let text = String(data: data, encoding: .utf8) else { throw .notUTF8(path) }
        return try parse(text, format: format, sourceName: name)
    }

    /// Parses knowledge text that arrived some other way (the admin API's request body);
    /// `sourceName` is what a later import of the same source replaces.
    public static func parse(_ text: String, format: KnowledgeFileFormat, sourceName: String) throws(KnowledgeFileError) -> KnowledgeFile {
        let entries: [KnowledgeEntry]
        do {
            entries = try format.entries(from: text)
        } catch {
            throw .invalid(file: sourceName, error)
        }
        guard !entries.isEmpty else { throw .empty(sourceName) }
        return KnowledgeFile(entries: entries, format: format, sourceName: sourceName)
    }
}

/// Why a knowledge file cannot be imported; the text names the file and, when known, the line.
public enum KnowledgeFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownFormat(String)
    case unreadable(String)
    case notUTF8(String)
    case invalid(file: String, KnowledgeImportError)
    case empty(String)

    /// The 1-based line of a parse error.
    public var line: Int? {
        if case .invalid(_, let error) = self { return error.line }
        return nil
    }

    public var description: String {
        switch self {
        case .unknownFormat(let name): "cannot tell the format of \(name) from its extension: pass --format csv|jsonl|md"
        case .unreadable(let path): "cannot read \(path): no such file or no permission"
        case .notUTF8(let path): "\(path) is not UTF-8 text; save it as UTF-8 and import again"
        case .invalid(let file, let error): "\(file): line \(error.line): \(error.message)"
        case .empty(let name): "\(name) holds no question/answer entries"
        }
    }
}
