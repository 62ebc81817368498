import Foundation

/// The documents written into a fake Dify dataset through the document API, and the knowledge
/// they make: until the first write the dataset answers from the configured knowledge base (the
/// sample FAQ); from then on only from its documents (except those whose indexing failed).
struct DifyDatasetDocuments: Sendable {
    struct Document: Sendable {
        var id: String
        var name: String
        var text: String
        var position: Int
        var createdAt: Int
        /// The batch of the last create or update; `indexing-status` is asked per batch.
        var batch: String
        var progress: IndexingProgress
    }

    private(set) var documents: [Document] = []
    /// Whether any document was ever created, updated or deleted.
    private(set) var written = false
    /// The synced knowledge, rebuilt on every write.
    private(set) var knowledge = FakeKnowledgeBase(documents: [])
    var pollsNeeded: Int
    var timeNeeded: Duration
    /// Indexings still to fail (the next creates or updates), with their error text.
    var failuresToCome: [String] = []
    private var nextPosition = 1

    init(pollsNeeded: Int, timeNeeded: Duration) {
        self.pollsNeeded = pollsNeeded
        self.timeNeeded = timeNeeded
    }

    mutating func create(name: String, text: String) -> Document {
        let document = Document(
            id: FakeIdentifiers.uuid(), name: name, text: text, position: nextPosition,
            createdAt: Int(Date().timeIntervalSince1970), batch: Self.batchID(), progress: newProgress())
        nextPosition += 1
        documents.append(document)
        changed()
        return document
    }

    /// nil when there is no such document.
    mutating func update(id: String, name: String?, text: String?) -> Document? {
        guard let index = documents.firstIndex(where: { $0.id == id }) else { return nil }
        if let name { documents[index].name = name }
        if let text { documents[index].text = text }
        documents[index].batch = Self.batchID()
        documents[index].progress = newProgress()
        changed()
        return documents[index]
    }

    mutating func delete(id: String) -> Bool {
        guard let index = documents.firstIndex(where: { $0.id == id }) else { return false }
        documents.remove(at: index)
        changed()
        return true
    }

    func document(id: String) -> Document? { documents.first { $0.id == id } }

    /// The documents of a batch with their phase, counting one poll; nil for an unknown batch.
    mutating func poll(batch: String) -> [(Document, IndexingProgress.Phase)]? {
        guard let index = documents.firstIndex(where: { $0.batch == batch }) else { return nil }
        let phase = documents[index].progress.phase(poll: true)
        return [(documents[index], phase)]
    }

    private mutating func newProgress() -> IndexingProgress {
        var progress = IndexingProgress(pollsNeeded: pollsNeeded, timeNeeded: timeNeeded)
        if !failuresToCome.isEmpty { progress.failure = failuresToCome.removeFirst() }
        return progress
    }

    private mutating func changed() {
        written = true
        knowledge = FakeKnowledgeBase(documents: documents.filter { $0.progress.failure == nil }.flatMap {
            KnowledgeSegments.documents(of: $0.text, ownerID: $0.id, name: $0.name)
        })
    }

    /// Dify's batch ids are timestamps with microseconds, e.g. "20250306150245647595".
    static func batchID() -> String {
        let now = Date()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        let micros = Int(now.timeIntervalSince1970 * 1_000_000) % 1_000_000
        let random = Int.random(in: 0..<100)
        return formatter.string(from: now) + String(format: "%06d%02d", micros, random)
    }
}
