import Foundation

/// Reads `question,answer[,tags]` CSV (RFC 4180: quoted fields may hold commas, line breaks and
/// doubled quotes). A first row `question,answer[,tags]` is taken as a header and skipped.
public enum CSVKnowledgeImporter {
    public static func entries(from text: String) throws(KnowledgeImportError) -> [KnowledgeEntry] {
        var entries: [KnowledgeEntry] = []
        for (index, record) in try records(KnowledgeText.stripBOM(text)).enumerated() {
            let fields = record.fields
            if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if index == 0, isHeader(fields) { continue }
            guard fields.count >= 2 else {
                throw KnowledgeImportError(line: record.line, "expected question,answer[,tags] but found \(fields.count) field")
            }
            guard fields.count <= 3 else {
                throw KnowledgeImportError(line: record.line, "expected at most 3 fields (question,answer,tags) but found \(fields.count); quote fields that contain commas")
            }
            let question = fields[0].trimmingCharacters(in: .whitespacesAndNewlines)
            let answer = fields[1].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !question.isEmpty else { throw KnowledgeImportError(line: record.line, "the question is empty") }
            guard !answer.isEmpty else { throw KnowledgeImportError(line: record.line, "the answer is empty") }
            entries.append(KnowledgeEntry(question: question, answer: answer, tags: fields.count == 3 ? KnowledgeText.tags(fields[2]) : []))
        }
        return entries
    }

    private static func isHeader(_ fields: [String]) -> Bool {
        let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return names.count >= 2 && ["question", "问题"].contains(names[0]) && ["answer", "答案"].contains(names[1])
    }

    struct Record {
        var fields: [String]
        /// The line the record starts on.
        var line: Int
    }

    /// Splits CSV text into records of fields, following RFC 4180 (CRLF or LF line ends).
    static func records(_ text: String) throws(KnowledgeImportError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 0
        var fieldStarted = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func endRecord() {
            fields.append(field)
            records.append(Record(fields: fields, line: recordLine))
            fields = []
            field = ""
            fieldStarted = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where !fieldStarted:
                inQuotes = true
                quoteLine = line
                fieldStarted = true
            case "\"":
                throw KnowledgeImportError(line: line, "a quote inside an unquoted field; quote the whole field and double inner quotes")
            case ",":
                fields.append(field)
                field = ""
                fieldStarted = false
            case "\r" where index < scalars.count && scalars[index] == "\n":
                break
            case "\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
                fieldStarted = true
            }
        }
        if inQuotes { throw KnowledgeImportError(line: quoteLine, "a quoted field is never closed") }
        if fieldStarted || !fields.isEmpty || !field.isEmpty { endRecord() }
        return records
    }
}
