import Testing

@Suite(.enabled(if: AICSBinary.isAvailable, "needs AICS_TEST_DATABASE_URL and the built aics executable"))
struct OperationsFlagsTests {
    @Test("an unknown --log-format or AICS_LOG_FORMAT and a --metrics-listen that is not HOST:PORT are refused before anything runs")
    func refusals() async throws {
        let flag = try await AICSBinary.run(["migrate", "--log-format", "yaml"])
        #expect(flag.status != 0)
        #expect(flag.stderr.contains("unknown log format 'yaml': use text or json"), "\(flag.all)")
        #expect(!flag.stdout.contains("database"), "migrate ran: \(flag.all)")

        let variable = try await AICSBinary.run(["migrate"], environment: ["AICS_LOG_FORMAT": "xml"])
        #expect(variable.status != 0)
        #expect(variable.stderr.contains("unknown log format 'xml'"), "\(variable.all)")

        let listen = try await AICSBinary.run(["worker", "--metrics-listen", "nowhere"], environment: ["AICS_KAFKA_BROKERS": "127.0.0.1:1"])
        #expect(listen.status != 0)
        #expect(listen.stderr.contains("--metrics-listen 'nowhere' is not HOST:PORT"), "\(listen.all)")

        let port = try await AICSBinary.run(["worker"], environment: ["AICS_METRICS_LISTEN": "127.0.0.1:99999", "AICS_KAFKA_BROKERS": "127.0.0.1:1"])
        #expect(port.status != 0)
        #expect(port.stderr.contains("'127.0.0.1:99999' is not HOST:PORT"), "\(port.all)")
    }
}
