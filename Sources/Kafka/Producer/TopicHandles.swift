import CRdKafka
import Synchronization

/// The producer's topic handles (`rd_kafka_topic_t`) by name, so that no record pays librdkafka's
/// locked lookup by name. Readers load an immutable table atomically (no lock); a miss takes the
/// lock and publishes a bigger table. Replaced tables stay alive until the producer goes away
/// (topics are few), so a reader never sees a freed one.
final class TopicHandles: Sendable {
    final class Table: Sendable {
        let handles: [String: KafkaHandle]
        init(_ handles: [String: KafkaHandle]) { self.handles = handles }
    }

    private let current: Atomic<Unmanaged<Table>>
    /// Every table published so far; the last one is the current one.
    private let tables: Mutex<[Table]>

    init() {
        let empty = Table([:])
        current = Atomic(Unmanaged.passUnretained(empty))
        tables = Mutex([empty])
    }

    /// The handle of `topic`, created on first use; nil if librdkafka refuses the name.
    func handle(for topic: String, client: OpaquePointer) -> OpaquePointer? {
        if let known = current.load(ordering: .acquiring).takeUnretainedValue().handles[topic] {
            return known.pointer
        }
        let client = KafkaHandle(pointer: client)
        let found: KafkaHandle? = tables.withLock { tables in
            let latest = tables[tables.count - 1]
            if let known = latest.handles[topic] { return known }
            guard let created = rd_kafka_topic_new(client.pointer, topic, nil) else { return nil }
            var handles = latest.handles
            handles[topic] = KafkaHandle(pointer: created)
            let table = Table(handles)
            tables.append(table)
            current.store(Unmanaged.passUnretained(table), ordering: .releasing)
            return KafkaHandle(pointer: created)
        }
        return found?.pointer
    }

    /// Releases every handle; call once no produce call can run, before destroying the client.
    func destroyAll() {
        tables.withLock { tables in
            for handle in tables[tables.count - 1].handles.values { rd_kafka_topic_destroy(handle.pointer) }
            tables = [Table([:])]
            current.store(Unmanaged.passUnretained(tables[0]), ordering: .releasing)
        }
    }
}
