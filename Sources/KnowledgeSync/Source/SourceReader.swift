import Catalog
import Foundation
import Providers

/// Reads a sync's source: one knowledge file, or every knowledge file below a folder (hidden
/// files and folders left out). Markdown (`.md`, `.markdown`) and plain text (`.txt`, read as
/// Markdown Q&A: "## question" headings or "Q:"/"A:" pairs), CSV and JSON Lines, through the
/// importers `aics kb import` uses. A file that does not parse stops the whole sync before
/// anything is sent.
public enum SourceReader {
    public struct Source: Sendable {
        public var documents: [SourceDocument]
        /// Files of the folder that are not knowledge files (by extension), relative paths.
        public var skipped: [String]
    }

    public static func read(_ path: String) throws(SourceError) -> Source {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .missing(path) }
        guard isFolder.boolValue else {
            let name = URL(fileURLWithPath: path).lastPathComponent
            guard let format = format(of: name) else { throw .unknownFormat(name) }
            return Source(documents: [try document(at: path, relative: name, format: format)], skipped: [])
        }
        let root = URL(fileURLWithPath: path).standardizedFileURL
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw .missing(path) }
        var documents: [SourceDocument] = []
        var skipped: [String] = []
        var files: [URL] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for url in files.sorted(by: { $0.path < $1.path }) {
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(rootPath) ? String(full.dropFirst(rootPath.count)) : url.lastPathComponent
            guard let format = format(of: url.lastPathComponent) else {
                skipped.append(relative)
                continue
            }
            documents.append(try document(at: full, relative: relative, format: format))
        }
        return Source(documents: documents, skipped: skipped)
    }

    /// One uploaded file (admin API): its path must be relative, `/`-separated, without `.` or
    /// `..` segments, and name a knowledge file; its text must parse.
    public static func document(uploaded file: UploadedFile) throws(SourceError) -> SourceDocument {
        let segments = file.path.split(separator: "/", omittingEmptySubsequences: false)
        guard !file.path.isEmpty, file.path.utf8.count <= 1024, !file.path.contains("\0"), !file.path.contains("\\"),
              segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
        else { throw .invalidPath(file.path) }
        guard let format = format(of: String(segments.last ?? "")) else { throw .unknownFormat(file.path) }
        return try document(text: file.content, path: file.path, format: format)
    }

    /// The importer for a file name; plain text reads as Markdown Q&A.
    static func format(of name: String) -> KnowledgeFileFormat? {
        if name.lowercased().hasSuffix(".txt") { return .markdown }
        return KnowledgeFileFormat(fileName: name)
    }

    private static func document(at path: String, relative: String, format: KnowledgeFileFormat) throws(SourceError) -> SourceDocument {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(relative) }
        guard let text = String(data: data, encoding: .utf8) else { throw .file(.notUTF8(relative)) }
        return try document(text: text, path: relative, format: format)
    }

    /// One file's text parsed by the importer of its format, as the document named `path`.
    private static func document(text: String, path: String, format: KnowledgeFileFormat) throws(SourceError) -> SourceDocument {
        do {
            return SourceDocument(path: path, entries: try KnowledgeFile.parse(text, format: format, sourceName: path).entries)
        } catch {
            throw .file(error)
        }
    }
}

/// Why a sync's source cannot be read; nothing was sent.
public enum SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(String)
    case unknownFormat(String)
    case unreadable(String)
    case invalidPath(String)
    case file(KnowledgeFileError)

    public var description: String {
        switch self {
        case .missing(let path): "no file or folder at \(path)"
        case .unknownFormat(let name): "\(name) is not a knowledge file: use .md, .txt, .csv or .jsonl"
        case .unreadable(let path): "cannot read \(path)"
        case .invalidPath(let path): "'\(path)' is not a relative file path (like faq/refunds.md: no leading /, no . or .. segments, no backslash)"
        case .file(let error): "\(error)"
        }
    }
}
