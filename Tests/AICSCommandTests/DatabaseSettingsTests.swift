import Foundation
import Testing

@Suite(.enabled(if: AICSBinary.isAvailable, "needs AICS_TEST_DATABASE_URL and the built aics executable"))
struct DatabaseSettingsTests {
    @Test("AICS_DATABASE_PREPARED_STATEMENTS: 0 works (PgBouncer), a bad value is refused with a readable error")
    func preparedStatementsSetting() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant()
        let unprepared = try await AICSBinary.run(
            ["bot", "create", "--tenant", tenant, "--name", "faq", "--provider", "local"],
            environment: ["AICS_DATABASE_PREPARED_STATEMENTS": "0"])
        #expect(unprepared.status == 0, "\(unprepared.all)")
        let listed = try await AICSBinary.run(["bot", "list", "--tenant", tenant], environment: ["AICS_DATABASE_PREPARED_STATEMENTS": "0"])
        #expect(listed.status == 0 && listed.stdout.contains("faq"), "\(listed.all)")

        let refused = try await AICSBinary.run(["bot", "list", "--tenant", tenant], environment: ["AICS_DATABASE_PREPARED_STATEMENTS": "lots"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("AICS_DATABASE_PREPARED_STATEMENTS must be a whole number"), "\(refused.all)")
    }
}
