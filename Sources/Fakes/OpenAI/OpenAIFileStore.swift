import Foundation

/// Files uploaded to a fake OpenAI and their attachments to vector stores. A vector store that
/// had a file attached or detached answers only from its attached files (except failed ones);
/// until then from its configured knowledge base (the sample FAQ).
struct OpenAIFileStore: Sendable {
    struct File: Sendable {
        var id: String
        var filename: String
        var purpose: String
        var bytes: [UInt8]
        var createdAt: Int
    }

    struct Attachment: Sendable {
        var fileID: String
        var attributes: [String: AttributeValue]
        var createdAt: Int
        /// Orders attachments created in the same second (cursor lists are newest first).
        var sequence: Int
        var progress: IndexingProgress
    }

    enum AttributeValue: Sendable, Equatable {
        case string(String), number(Double), bool(Bool)

        var json: Any {
            switch self {
            case .string(let text): text
            case .number(let number): number
            case .bool(let flag): flag
            }
        }
    }

    private(set) var files: [String: File] = [:]
    /// Vector store id → its attachments.
    private(set) var attachments: [String: [Attachment]] = [:]
    /// Synced knowledge per vector store that was written to.
    private(set) var knowledge: [String: FakeKnowledgeBase] = [:]
    var pollsNeeded: Int
    var timeNeeded: Duration
    var failuresToCome: [String] = []
    private var sequence = 0

    init(pollsNeeded: Int, timeNeeded: Duration) {
        self.pollsNeeded = pollsNeeded
        self.timeNeeded = timeNeeded
    }

    mutating func upload(filename: String, purpose: String, bytes: [UInt8]) -> File {
        let file = File(
            id: FakeIdentifiers.hex("file-", length: 22), filename: filename, purpose: purpose, bytes: bytes,
            createdAt: Int(Date().timeIntervalSince1970))
        files[file.id] = file
        return file
    }

    /// Deleting a file also takes it out of every vector store. False when unknown.
    mutating func deleteFile(id: String) -> Bool {
        guard files.removeValue(forKey: id) != nil else { return false }
        for store in attachments.keys where attachments[store]?.contains(where: { $0.fileID == id }) == true {
            attachments[store]?.removeAll { $0.fileID == id }
            rebuild(store)
        }
        return true
    }

    /// Attaches (or re-attaches) a file; returns the attachment.
    mutating func attach(fileID: String, to store: String, attributes: [String: AttributeValue]) -> Attachment {
        var progress = IndexingProgress(pollsNeeded: pollsNeeded, timeNeeded: timeNeeded)
        if !failuresToCome.isEmpty { progress.failure = failuresToCome.removeFirst() }
        sequence += 1
        let attachment = Attachment(
            fileID: fileID, attributes: attributes, createdAt: Int(Date().timeIntervalSince1970), sequence: sequence,
            progress: progress)
        attachments[store, default: []].removeAll { $0.fileID == fileID }
        attachments[store, default: []].append(attachment)
        rebuild(store)
        return attachment
    }

    mutating func detach(fileID: String, from store: String) -> Bool {
        guard attachments[store]?.contains(where: { $0.fileID == fileID }) == true else { return false }
        attachments[store]?.removeAll { $0.fileID == fileID }
        rebuild(store)
        return true
    }

    /// The attachment with its phase, counting one poll.
    mutating func poll(fileID: String, in store: String) -> (Attachment, IndexingProgress.Phase)? {
        guard let index = attachments[store]?.firstIndex(where: { $0.fileID == fileID }) else { return nil }
        let phase = attachments[store]![index].progress.phase(poll: true)
        return (attachments[store]![index], phase)
    }

    private mutating func rebuild(_ store: String) {
        let segments = (attachments[store] ?? []).filter { $0.progress.failure == nil }.flatMap { attachment -> [FakeKnowledgeBase.Document] in
            guard let file = files[attachment.fileID] else { return [] }
            return KnowledgeSegments.documents(of: String(decoding: file.bytes, as: UTF8.self), ownerID: file.id, name: file.filename)
        }
        knowledge[store] = FakeKnowledgeBase(documents: segments)
    }
}
