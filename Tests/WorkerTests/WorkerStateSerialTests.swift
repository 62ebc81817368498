import Kafka
import Testing

@testable import Pipeline

/// `--serial-partitions` (the benchmark's baseline): one job at a time per partition, whatever the conversation.
@Suite struct WorkerStateSerialTests {
    private func record(partition: Int32, offset: Int64, conversation: String) -> (KafkaMessage, Result<InboundMessage, InboundRejection>) {
        let message = InboundMessage(
            messageID: "m-\(partition)-\(offset)", tenantID: "t", accountID: "a", channel: "web", conversationID: conversation,
            customer: .init(id: "c"), text: "hello", sentAt: "2026-11-25T03:00:00Z")
        let kafka = KafkaMessage(topic: "cs.inbound", partition: partition, offset: offset, key: nil, value: [], headers: [], timestamp: nil)
        return (kafka, .success(message))
    }

    @Test func serialModeRunsOneJobPerPartition() throws {
        var state = WorkerState(maxInFlight: 100, serialPartitions: true)
        let first = record(partition: 0, offset: 0, conversation: "x")
        let second = record(partition: 0, offset: 1, conversation: "y")
        let other = record(partition: 1, offset: 0, conversation: "z")
        let taken = state.take(first.0, decoded: first.1)
        let started = try #require(taken)
        #expect(state.take(second.0, decoded: second.1) == nil)
        #expect(state.take(other.0, decoded: other.1) != nil)
        let ended = state.end(started, done: true)
        let next = try #require(ended)
        #expect(next.record.offset == 1)
    }

    @Test func defaultModeRunsConversationsOfOnePartitionAtOnce() {
        var state = WorkerState(maxInFlight: 100)
        let first = record(partition: 0, offset: 0, conversation: "x")
        let second = record(partition: 0, offset: 1, conversation: "y")
        #expect(state.take(first.0, decoded: first.1) != nil)
        #expect(state.take(second.0, decoded: second.1) != nil)
    }
}
