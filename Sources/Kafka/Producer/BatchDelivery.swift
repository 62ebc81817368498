import CRdKafka
import Synchronization

/// Completion state of one batch `send`: one object per batch, no allocation per record.
///
/// Every record's opaque pointer is the address of its slot (tagged with the low bit); each slot
/// holds the address of this object, so the delivery callback finds both the batch and the index.
final class BatchDelivery: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<UnsafeRawPointer>
    private let count: Int
    /// Records not yet reported, plus one held by the sender until every record is queued.
    private let remaining: Atomic<Int>
    private let failureList = Mutex<[(index: Int, error: KafkaError)]>([])
    /// Written by the sender before it releases its hold; read by whoever brings `remaining` to 0.
    nonisolated(unsafe) var continuation: UnsafeContinuation<Void, Never>?

    init(count: Int) {
        self.count = count
        self.remaining = Atomic(count + 1)
        self.slots = .allocate(capacity: max(count, 1))
        slots.initialize(repeating: UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque()), count: max(count, 1))
    }

    deinit {
        slots.deinitialize(count: max(count, 1))
        slots.deallocate()
    }

    /// The tagged opaque pointer for the record at `index`.
    func opaque(at index: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(bitPattern: slots + index) | 1)!
    }

    static func isBatchOpaque(_ opaque: UnsafeMutableRawPointer) -> Bool {
        UInt(bitPattern: opaque) & 1 == 1
    }

    /// Called from the delivery callback with a tagged opaque pointer.
    static func delivered(opaque: UnsafeMutableRawPointer, error: rd_kafka_resp_err_t) {
        let slot = UnsafeMutablePointer<UnsafeRawPointer>(bitPattern: UInt(bitPattern: opaque) & ~1)!
        let batch = Unmanaged<BatchDelivery>.fromOpaque(slot.pointee).takeUnretainedValue()
        if error != RD_KAFKA_RESP_ERR_NO_ERROR {
            batch.fail(index: slot - batch.slots, error: KafkaError(error))
        }
        batch.completeOne()
    }

    func fail(index: Int, error: KafkaError) {
        failureList.withLock { $0.append((index, error)) }
    }

    func completeOne() {
        if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            continuation!.resume()
        }
    }

    var failures: [(index: Int, error: KafkaError)] {
        failureList.withLock { $0.sorted { $0.index < $1.index } }
    }
}
