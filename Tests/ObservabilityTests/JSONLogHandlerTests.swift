import JSON
import Logging
import Observability
import Synchronization
import Testing

@Suite struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ bytes: [UInt8]) { lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
    }

    @Test func oneObjectPerLineWithEveryField() throws {
        let lines = Lines()
        var logger = Logger(label: "aics.worker") { label in
            JSONLogHandler(label: label, level: .info, write: lines.append)
        }
        logger[metadataKey: "worker"] = "w1"
        logger.debug("not written")
        logger.error("message failed; retrying", metadata: [
            "tenant": "t1", "conversation": "c\n1", "message": "m\"1", "partitions": .array(["0", "1"]),
            "nested": .dictionary(["a": .stringConvertible(42)]),
        ])
        let written = lines.lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let object = try JSONParser.parse(String(line.dropLast()))
        #expect(object["level"]?.stringValue == "error")
        #expect(object["label"]?.stringValue == "aics.worker")
        #expect(object["message"]?.stringValue == "message failed; retrying")
        let time = try #require(object["time"]?.stringValue)
        #expect(time.count == 24 && time.hasSuffix("Z") && time.contains("T"), "\(time)")
        let metadata = try #require(object["metadata"])
        #expect(metadata["tenant"]?.stringValue == "t1")
        #expect(metadata["conversation"]?.stringValue == "c\n1")
        #expect(metadata["message"]?.stringValue == "m\"1")
        #expect(metadata["worker"]?.stringValue == "w1")
        #expect(metadata["partitions"] == .array([.string("0"), .string("1")]))
        #expect(metadata["nested"]?["a"]?.stringValue == "42")
    }

    @Test func formatsAreNamedAsOnTheCommandLine() {
        #expect(LogFormat(rawValue: "json") == .json)
        #expect(LogFormat(rawValue: "text") == .text)
        #expect(LogFormat(rawValue: "yaml") == nil)
    }
}
