import Foundation

/// The file formats `aics kb import` reads.
public enum KnowledgeFileFormat: String, Sendable, CaseIterable {
    /// `question,answer[,tags]` per record (RFC 4180 quoting, optional header row, BOM, CRLF);
    /// tags are separated by `;` or `|` inside their field.
    case csv
    /// One JSON object per line: `{"question": ..., "answer": ..., "tags": [...]}`.
    case jsonLines = "jsonl"
    /// Markdown Q&A, see `MarkdownKnowledgeImporter`.
    case markdown

    /// The format a file name's extension stands for.
    public init?(fileName: String) {
        switch fileName.split(separator: ".").last?.lowercased() {
        case "csv": self = .csv
        case "jsonl", "ndjson": self = .jsonLines
        case "md", "markdown": self = .markdown
        default: return nil
        }
    }

    /// Parses `text` in this format.
    public func entries(from text: String) throws(KnowledgeImportError) -> [KnowledgeEntry] {
        switch self {
        case .csv: return try CSVKnowledgeImporter.entries(from: text)
        case .jsonLines: return try JSONLinesKnowledgeImporter.entries(from: text)
        case .markdown: return try MarkdownKnowledgeImporter.entries(from: text)
        }
    }
}

enum KnowledgeText {
    static func stripBOM(_ text: String) -> String {
        text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Tags from one field: separated by `;`, `|`, `；` or `，`, trimmed, empty ones dropped.
    static func tags(_ field: String) -> [String] {
        field.split { ";|；，".contains($0) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
