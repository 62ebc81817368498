/// What `KafkaConsumer.fetchOffsets(_:)` knows of one partition.
public struct FetchOffsets: Sendable, Equatable {
    public var lowWatermark: Int64?
    public var highWatermark: Int64?
    public var position: Int64?
}
